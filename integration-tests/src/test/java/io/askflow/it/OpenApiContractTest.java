package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The served OpenAPI description lists exactly the operations the gateway serves, with the contract's status
 * codes, media types, headers, wire names and security. (scripts/api-fuzz.sh checks it against the running
 * gateway in depth; these are the cheap guards.)
 */
class OpenApiContractTest {

    final AskflowStack stack = AskflowStack.shared();

    @Test
    void describesEveryServedOperationAndNothingElse() {
        JsonNode paths = stack.get("/v3/api-docs", null).json().get("paths");

        Set<String> documented = new TreeSet<>();
        paths.properties()
                .forEach(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> served = new TreeSet<>();
        RequestMappingHandlerMapping mapping =
                stack.gateway.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        mapping.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("io.askflow")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    served.add(verb.name() + " " + pattern);
                }
            }
        });

        assertThat(documented).isEqualTo(served);
        assertThat(documented)
                .contains(
                        "POST /auth/dev-login",
                        "GET /me",
                        "POST /ask",
                        "POST /questions",
                        "GET /questions/{id}",
                        "GET /questions/{id}/events",
                        "POST /questions/{id}/cancel",
                        "GET /history",
                        "GET /conversations",
                        "GET /conversations/{id}",
                        "POST /api-keys",
                        "GET /api-keys",
                        "DELETE /api-keys/{id}",
                        "GET /auth/web-login",
                        "GET /auth/options",
                        "POST /auth/session",
                        "POST /auth/logout");
    }

    @Test
    void documentsTheStatusCodesOfTheContract() {
        JsonNode paths = stack.get("/v3/api-docs", null).json().get("paths");

        assertThat(codes(paths.at("/~1ask/post/responses")))
                .contains("200", "202", "400", "401", "413", "415", "429", "502", "503");
        assertThat(codes(paths.at("/~1questions/post/responses"))).contains("202", "400", "401", "413", "415");
        assertThat(codes(paths.at("/~1questions~1{id}/get/responses"))).contains("200", "401", "404");
        assertThat(codes(paths.at("/~1history/get/responses"))).contains("200", "400", "401");
        assertThat(codes(paths.at("/~1questions~1{id}~1events/get/responses"))).contains("200", "400", "401", "404");
        assertThat(codes(paths.at("/~1questions~1{id}~1cancel/post/responses"))).contains("202", "401", "404", "409");
        assertThat(mediaTypes(paths.at("/~1ask/post/responses/200"))).contains("text/event-stream");
        assertThat(codes(paths.at("/~1api-keys/post/responses")))
                .contains("201", "400", "401", "403", "409", "413", "415");
        assertThat(codes(paths.at("/~1api-keys/get/responses"))).contains("200", "401", "403");
        assertThat(codes(paths.at("/~1api-keys~1{id}/delete/responses"))).contains("204", "401", "403", "404");
    }

    @Test
    void everyErrorIsAProblemDocumentAndEveryResponseCarriesTheRequestId() {
        JsonNode paths = stack.get("/v3/api-docs", null).json().get("paths");

        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String name = operation.getKey() + " " + path.getKey();
                    JsonNode responses = operation.getValue().get("responses");
                    assertThat(codes(responses)).as(name).contains("500");
                    responses.properties().forEach(response -> {
                        String label = name + " " + response.getKey();
                        assertThat(response.getValue()
                                        .at("/headers/X-Request-Id")
                                        .isMissingNode())
                                .as(label)
                                .isFalse();
                        if (Integer.parseInt(response.getKey()) >= 400) {
                            assertThat(mediaTypes(response.getValue()))
                                    .as(label)
                                    .containsExactly("application/problem+json");
                        } else if (name.equals("post /ask") && response.getKey().equals("200")) {
                            // JSON, or Server-Sent Events with Accept: text/event-stream
                            assertThat(mediaTypes(response.getValue()))
                                    .as(label)
                                    .containsExactlyInAnyOrder("application/json", "text/event-stream");
                        } else if (name.equals("get /questions/{id}/events")
                                && response.getKey().equals("200")) {
                            assertThat(mediaTypes(response.getValue()))
                                    .as(label)
                                    .containsExactly("text/event-stream");
                        } else if (response.getValue().has("content")) {
                            assertThat(mediaTypes(response.getValue()))
                                    .as(label)
                                    .containsExactly("application/json");
                        }
                        if (response.getKey().equals("429")) {
                            assertThat(response.getValue()
                                            .at("/headers/Retry-After/required")
                                            .asBoolean())
                                    .as(label)
                                    .isTrue();
                        }
                    });
                }));
    }

    @Test
    void signInIsPublicAndEverythingElseNeedsABearerToken() {
        JsonNode docs = stack.get("/v3/api-docs", null).json();
        assertThat(docs.at("/security/0").has("bearer")).isTrue();

        docs.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String name = operation.getKey() + " " + path.getKey();
                    JsonNode security = operation.getValue().get("security");
                    JsonNode unauthorized = operation.getValue().at("/responses/401");
                    // starting a web session takes a token: the one sign-in route that is not public
                    if (path.getKey().startsWith("/auth/") && !path.getKey().equals("/auth/session")) {
                        assertThat(security).as(name).isNotNull();
                        assertThat(security.isEmpty()).as(name).isTrue();
                    } else {
                        assertThat(security).as(name).isNull();
                        assertThat(unauthorized
                                        .at("/headers/WWW-Authenticate/required")
                                        .asBoolean())
                                .as(name)
                                .isTrue();
                    }
                }));
        // and the gateway agrees: no token needed there
        assertThat(stack.postJson("/auth/dev-login", null, "{\"login\":\"octocat\",\"id\":583231}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void describesQuestionsWithTheirWireNamesAndNullability() {
        JsonNode schemas = stack.get("/v3/api-docs", null).json().at("/components/schemas");
        String token = stack.login(AskflowStack.newUserId());
        JsonNode question = stack.ask("/questions", token, "What is described?").json();

        JsonNode described = schemas.get("QuestionResource");
        assertThat(fieldNames(described.get("properties"))).isEqualTo(fieldNames(question));
        assertThat(fieldNames(described.get("required"))).doesNotContain("steps");
        for (String nullable : new String[] {"answer", "model", "cost_usd", "completed_at"}) {
            assertThat(described.at("/properties/" + nullable + "/type").toString())
                    .as(nullable)
                    .contains("\"null\"");
        }
        for (String nullable : new String[] {"usage", "error"}) {
            assertThat(described.at("/properties/" + nullable + "/anyOf").toString())
                    .as(nullable)
                    .contains("\"null\"");
        }
        assertThat(schemas.at("/HistoryPage/properties/next_cursor/type").toString())
                .contains("\"null\"");
        assertThat(fieldNames(schemas.at("/Problem/required")))
                .contains("type", "title", "status", "detail", "instance", "request_id");
    }

    /** Property names of an object, or the values of an array of names. */
    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(name -> names.add(name.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static Set<String> mediaTypes(JsonNode response) {
        Set<String> types = new TreeSet<>();
        response.path("content").fieldNames().forEachRemaining(types::add);
        return types;
    }

    private static Set<String> codes(JsonNode responses) {
        Set<String> codes = new TreeSet<>();
        responses.fieldNames().forEachRemaining(codes::add);
        return codes;
    }
}
