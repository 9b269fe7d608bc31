package io.askflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI description lists exactly the operations the gateway serves, and the contract's. */
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
                        "GET /history");
    }

    @Test
    void documentsTheStatusCodesOfTheContract() {
        JsonNode paths = stack.get("/v3/api-docs", null).json().get("paths");

        assertThat(codes(paths.at("/~1ask/post/responses")))
                .contains("200", "202", "400", "401", "413", "415", "429", "502", "503");
        assertThat(codes(paths.at("/~1questions/post/responses"))).contains("202", "400", "401", "413", "415");
        assertThat(codes(paths.at("/~1questions~1{id}/get/responses"))).contains("200", "401", "404");
        assertThat(codes(paths.at("/~1history/get/responses"))).contains("200", "400", "401");
    }

    private static Set<String> codes(JsonNode responses) {
        Set<String> codes = new TreeSet<>();
        responses.fieldNames().forEachRemaining(codes::add);
        return codes;
    }
}
