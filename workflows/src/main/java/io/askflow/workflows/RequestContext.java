package io.askflow.workflows;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the request id and user id from the gateway's logging context into the workflow and every
 * activity, through Temporal headers, so that one search for a request id finds every log line of the
 * question in every process. Registered on the workflow client of both gateway and worker.
 */
public final class RequestContext implements ContextPropagator {

    /** MDC keys, also the JSON log field names. */
    public static final String REQUEST_ID = "request_id";

    public static final String USER_ID = "user_id";

    private static final List<String> KEYS = List.of(REQUEST_ID, USER_ID);
    private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

    @Override
    public String getName() {
        return "askflow-request-context";
    }

    @Override
    public Object getCurrentContext() {
        Map<String, String> context = new HashMap<>();
        for (String key : KEYS) {
            String value = MDC.get(key);
            if (value != null) {
                context.put(key, value);
            }
        }
        return context;
    }

    @Override
    public void setCurrentContext(Object context) {
        @SuppressWarnings("unchecked")
        Map<String, String> values = (Map<String, String>) context;
        values.forEach(MDC::put);
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        @SuppressWarnings("unchecked")
        Map<String, String> values = (Map<String, String>) context;
        Map<String, Payload> headers = new HashMap<>();
        values.forEach((key, value) -> CONVERTER.toPayload(value).ifPresent(payload -> headers.put(key, payload)));
        return headers;
    }

    @Override
    public Object deserializeContext(Map<String, Payload> headers) {
        Map<String, String> values = new HashMap<>();
        for (String key : KEYS) {
            Payload payload = headers.get(key);
            if (payload != null) {
                values.put(key, CONVERTER.fromPayload(payload, String.class, String.class));
            }
        }
        return values;
    }
}
