package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.workflows.WorkflowIds;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Where a question's workflow is: its id, and its page in the Temporal Web UI when that is configured. */
@Component
class WorkflowLinks {

    private final String uiBase;
    private final String namespace;

    WorkflowLinks(GatewayProperties properties, @Value("${spring.temporal.namespace:default}") String namespace) {
        String configured = properties.gateway().temporalUiUrl();
        this.uiBase = configured == null || configured.isBlank() ? null : configured.replaceAll("/+$", "");
        this.namespace = namespace;
    }

    QuestionResource.WorkflowView of(String questionId) {
        String workflowId = WorkflowIds.forQuestion(questionId);
        String ui = uiBase == null
                ? null
                : uiBase + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
        return new QuestionResource.WorkflowView(workflowId, ui);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
