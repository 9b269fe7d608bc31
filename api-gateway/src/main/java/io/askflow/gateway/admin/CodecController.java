package io.askflow.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.ByteString;
import io.askflow.gateway.web.ApiException;
import io.askflow.runtime.codec.EncryptionCodec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's codec-server protocol, so that an admin can read encrypted workflow histories in the Temporal UI
 * (see "Encrypted history" in the README). Admins only, since decoding shows every user's questions and answers;
 * the browser may call it only from the Temporal UI's origin (CodecCors), with the admin's bearer token or their
 * web-app session cookie (no CSRF token: see SecurityConfig). Without a codec configured (dev without keys)
 * payloads come back as they went in.
 */
@RestController
class CodecController {

    private static final Logger log = LoggerFactory.getLogger(CodecController.class);
    private static final int MAX_PAYLOADS = 1000;

    private final PayloadCodec codec;
    private final AdminAccess admins;

    CodecController(ObjectProvider<EncryptionCodec> codec, AdminAccess admins) {
        PayloadCodec configured = codec.getIfAvailable();
        this.codec = configured == null ? new IdentityCodec() : configured;
        this.admins = admins;
    }

    /**
     * @param metadata metadata values by key, base64
     * @param data the payload's bytes, base64; absent or empty for an empty payload
     */
    record CodecPayload(
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            @Schema(additionalPropertiesSchema = Base64Value.class)
            @Nullable
            Map<String, String> metadata,

            // Protobuf's JSON leaves out empty bytes, so an empty payload comes without data; null reads as empty
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @Schema(format = "byte") @Nullable
            String data) {}

    /** A metadata value, as the API description shows it: bytes in base64. */
    @Schema(type = "string", format = "byte")
    interface Base64Value {}

    /** @param payloads in the order they are to be encoded or decoded, and returned */
    record CodecPayloads(
            // and leaves out an empty list, so {} is no payloads; null reads as none
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @ArraySchema(maxItems = MAX_PAYLOADS) @Nullable
            List<CodecPayload> payloads) {}

    @Operation(
            summary = "Decrypt Temporal payloads (Temporal codec server; admins only)",
            description =
                    "The Temporal UI's and CLI's codec-server protocol: payloads as Temporal's JSON encodes them.")
    @ApiResponse(responseCode = "200", description = "the payloads, decoded, in the same order")
    @ApiResponse(
            responseCode = "400",
            description = "bad-request: not base64, too many payloads, or a payload that does not decrypt (unknown key"
                    + " id, or altered)")
    @ApiResponse(responseCode = "403", description = "forbidden: not an admin")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit (8 MiB)")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @PostMapping(
            path = "/codec/decode",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CodecPayloads decode(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the Temporal namespace the payloads belong to, as the Temporal UI sends it")
                    @RequestHeader(name = "X-Namespace", required = false)
                    String namespace,
            @RequestBody CodecPayloads body) {
        admins.require(jwt);
        log.info("codec: decoding {} payload(s) of namespace {} for an admin", size(body), namespace);
        return apply(body, codec::decode);
    }

    @Operation(
            summary = "Encrypt Temporal payloads (Temporal codec server; admins only)",
            description = "The inverse of /codec/decode, for the Temporal UI's and CLI's codec-server protocol.")
    @ApiResponse(responseCode = "200", description = "the payloads, encoded, in the same order")
    @ApiResponse(responseCode = "400", description = "bad-request: not base64, or too many payloads")
    @ApiResponse(responseCode = "403", description = "forbidden: not an admin")
    @ApiResponse(responseCode = "413", description = "body-too-large: body over the limit (8 MiB)")
    @ApiResponse(responseCode = "415", description = "http-415: Content-Type is not application/json")
    @PostMapping(
            path = "/codec/encode",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    CodecPayloads encode(
            @AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "the Temporal namespace the payloads belong to, as the Temporal UI sends it")
                    @RequestHeader(name = "X-Namespace", required = false)
                    String namespace,
            @RequestBody CodecPayloads body) {
        admins.require(jwt);
        return apply(body, codec::encode);
    }

    private static int size(CodecPayloads body) {
        return body.payloads() == null ? 0 : body.payloads().size();
    }

    private static CodecPayloads apply(CodecPayloads body, UnaryOperator<List<Payload>> operation) {
        List<CodecPayload> payloads = body.payloads() == null ? List.of() : body.payloads();
        if (payloads.size() > MAX_PAYLOADS) {
            throw ApiException.badRequest("at most " + MAX_PAYLOADS + " payloads per request");
        }
        List<Payload> result;
        try {
            result = operation.apply(
                    payloads.stream().map(CodecController::toProto).toList());
        } catch (PayloadCodecException e) {
            // the codec's messages name key ids and what went wrong, never key material or payload content
            throw ApiException.badRequest(e.getMessage());
        }
        return new CodecPayloads(result.stream().map(CodecController::fromProto).toList());
    }

    private static Payload toProto(CodecPayload payload) {
        if (payload == null) {
            throw ApiException.badRequest("a payload must be an object");
        }
        Payload.Builder builder = Payload.newBuilder().setData(bytes("data", payload.data()));
        if (payload.metadata() != null) {
            payload.metadata().forEach((key, value) -> {
                if (value == null) {
                    throw ApiException.badRequest("metadata." + key + " must be base64, not null");
                }
                builder.putMetadata(key, bytes("metadata." + key, value));
            });
        }
        return builder.build();
    }

    private static CodecPayload fromProto(Payload payload) {
        Map<String, String> metadata = new LinkedHashMap<>();
        payload.getMetadataMap()
                .forEach((key, value) -> metadata.put(key, Base64.getEncoder().encodeToString(value.toByteArray())));
        return new CodecPayload(
                metadata, Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
    }

    private static ByteString bytes(String name, String base64) {
        if (base64 == null) {
            return ByteString.EMPTY;
        }
        try {
            return ByteString.copyFrom(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            // Protobuf's JSON, which the protocol speaks, also accepts the URL-safe alphabet
            try {
                return ByteString.copyFrom(Base64.getUrlDecoder().decode(base64));
            } catch (IllegalArgumentException notUrlSafe) {
                throw ApiException.badRequest(name + " must be base64");
            }
        }
    }

    /** The codec of an environment without keys: payloads are stored as they are. */
    private static final class IdentityCodec implements PayloadCodec {
        @Override
        public List<Payload> encode(List<Payload> payloads) {
            return payloads;
        }

        @Override
        public List<Payload> decode(List<Payload> payloads) {
            return payloads;
        }
    }
}
