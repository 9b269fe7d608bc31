package io.askflow.gateway;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs}. Controllers describe their own operations; what
 * holds for every operation is added here, once: errors are {@code application/problem+json}, every response
 * carries {@code X-Request-Id}, every operation that needs a token can answer 401 and any can answer 500,
 * 429s carry {@code Retry-After}, 202s and 302s {@code Location}. Limits that come from configuration are
 * filled in from it, so the description states the values this gateway enforces.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String BEARER = "bearer";
    private static final String PROBLEM = "Problem";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String REQUEST_ID = "X-Request-Id";

    @Bean
    OpenAPI askflowOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("AskFlow API")
                        .version("v1")
                        .description("Ask questions, get answers from an AI model through a durable workflow, "
                                + "and read your history. Errors are application/problem+json (RFC 9457)."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("a token from sign-in (a JWT), or a personal API key "
                                                + "(askf_…) from POST /api-keys"))
                        .addHeaders(
                                REQUEST_ID,
                                header("the request id: the one sent if it matched [A-Za-z0-9._:-]{1,64}, "
                                        + "else a new UUID")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    WireModelResolver wireModelResolver() {
        return new WireModelResolver();
    }

    @Bean
    OpenApiCustomizer responsesAsServed(GatewayProperties properties) {
        return openApi -> {
            // added here, not with the components above: springdoc drops schemas no operation refers to yet
            openApi.getComponents().addSchemas(PROBLEM, problem());
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(OpenApiConfig::describeResponses));
            configuredLimits(openApi, properties.gateway());
        };
    }

    private static void describeResponses(Operation operation) {
        ApiResponses responses = operation.getResponses();
        // An operation that declares no security requirement of its own (security: []) inherits the bearer token.
        if (operation.getSecurity() == null) {
            responses.addApiResponse(
                    "401",
                    new ApiResponse()
                            .description("missing, expired or forged token")
                            .addHeaderObject(
                                    "WWW-Authenticate",
                                    header("Bearer, or Bearer error=\"invalid_token\" when a token was sent")));
        }
        responses.addApiResponse(
                "500", new ApiResponse().description("unexpected error; quote the request id when reporting it"));
        responses.forEach((code, response) -> {
            int status = Integer.parseInt(code);
            if (status >= 400) {
                response.setContent(new Content()
                        .addMediaType(
                                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                new MediaType().schema(new Schema<>().$ref(SCHEMAS + PROBLEM))));
            }
            if (status == 429 && !hasHeader(response, "Retry-After")) {
                response.addHeaderObject(
                        "Retry-After",
                        header("seconds to wait before trying again")
                                .schema(new IntegerSchema().minimum(BigDecimal.ZERO)));
            }
            if (status == 202 && !hasHeader(response, "Location")) {
                response.addHeaderObject("Location", header("the question, /questions/{id}: poll it for the outcome"));
            }
            if (status == 302 && !hasHeader(response, "Location")) {
                response.addHeaderObject(
                        "Location", header("where to go on: GitHub's authorize URL, or back to the web app"));
            }
            response.addHeaderObject(REQUEST_ID, new Header().$ref("#/components/headers/" + REQUEST_ID));
        });
    }

    private static boolean hasHeader(ApiResponse response, String name) {
        return response.getHeaders() != null && response.getHeaders().containsKey(name);
    }

    /** A header that the response always carries. */
    private static Header header(String description) {
        return new Header().description(description).required(true).schema(new StringSchema());
    }

    private static void configuredLimits(OpenAPI openApi, GatewayProperties.Http gateway) {
        Schema<?> askBody = openApi.getComponents().getSchemas().get("AskBody");
        Schema<?> question = askBody.getProperties().get("question");
        question.maxLength(gateway.maxQuestionLength());
        for (Parameter parameter : openApi.getPaths().get("/history").getGet().getParameters()) {
            if (parameter.getName().equals("limit")) {
                Schema<?> limit = parameter.getSchema();
                limit.setMaximum(BigDecimal.valueOf(gateway.historyMaxPageSize()));
                limit.setDefault(gateway.historyPageSize());
            }
        }
    }

    /** RFC 9457 with AskFlow's members; see {@code io.askflow.gateway.web.Problems}. */
    private static Schema<?> problem() {
        ObjectSchema problem = new ObjectSchema();
        problem.setRequired(List.of("type", "title", "status", "detail", "instance", "request_id"));
        problem.description("An RFC 9457 problem document")
                .addProperty(
                        "type", new StringSchema().format("uri").description("https://askflow.dev/problems/<slug>"))
                .addProperty("title", new StringSchema().description("short summary of this kind of error"))
                .addProperty(
                        "status",
                        new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)))
                .addProperty("detail", new StringSchema().description("what went wrong this time, for humans"))
                .addProperty(
                        "instance", new StringSchema().format("uri-reference").description("the request path"))
                .addProperty("request_id", new StringSchema().description("the X-Request-Id of the response"))
                .addProperty(
                        "question_id",
                        new StringSchema()
                                .format("uuid")
                                .description("the recorded question this error concerns (422, 429 over-limit, 502, "
                                        + "503 unavailable)"))
                .addProperty(
                        "error",
                        new Schema<>()
                                .$ref(SCHEMAS + "ErrorView")
                                .description("the question's error (502, 503 unavailable)"));
        return problem;
    }
}
