package io.askflow.gateway.web;

import java.math.BigDecimal;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read with the types the API description promises. Jackson would otherwise coerce
 * {@code {"question": 171148}} into the text "171148", {@code {"login": false}} into the login "false" and
 * {@code {"id": "12"}} or {@code {"id": 12.7}} into the id 12; each of those is a 400 instead (see
 * {@link ApiExceptionHandler}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig {

    @Bean
    JsonMapperBuilderCustomizer strictScalarTypes() {
        return builder -> builder
                // strings are not numbers or booleans: "12" is no id
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // 12.7 is no whole number (Jackson would truncate it); Long is read by WholeNumber below
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // numbers and booleans are not strings: 171148 is no question
                .withCoercionConfig(
                        LogicalType.Textual,
                        strings -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("whole-numbers").addDeserializer(Long.class, new WholeNumber()));
    }

    /**
     * JSON Schema's {@code integer}, which the description promises: any number without a fractional part, so
     * 12 and 12.0 are the id 12, while 12.7, "12" and true are not whole numbers.
     */
    static final class WholeNumber extends StdScalarDeserializer<Long> {

        WholeNumber() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return parser.getLongValue(); // too large for a long: an InputCoercionException, "out of range"
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal value = parser.getDecimalValue();
                try {
                    return value.longValueExact();
                } catch (ArithmeticException e) {
                    return context.reportInputMismatch(this, "not a whole number in the range of a long: %s", value);
                }
            }
            return (Long) context.handleUnexpectedToken(Long.class, parser);
        }
    }
}
