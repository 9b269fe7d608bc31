package io.askflow.runtime.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The payload codec of gateway and worker, on whenever {@code ASKFLOW_CODEC_KEYS} is set (required outside dev:
 * see askflow-runtime.yml). The Temporal starter hands the one {@link DataConverter} bean to the workflow client
 * of both processes, and the worker's factory takes it from there, so both ends encrypt and decrypt alike.
 */
@AutoConfiguration(beforeName = "io.temporal.spring.boot.autoconfigure.RootNamespaceAutoConfiguration")
@ConditionalOnExpression("'${askflow.codec.keys:}'.length() > 0")
public class CodecAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CodecAutoConfiguration.class);

    @Bean
    EncryptionCodec encryptionCodec(Environment environment) {
        CodecKeys keys = CodecKeys.parse(
                environment.getRequiredProperty("askflow.codec.keys"),
                environment.getProperty("askflow.codec.key-id", ""));
        log.info(
                "Temporal payloads are encrypted (AES-256-GCM), key id '{}' of {}",
                keys.currentId(),
                keys.keys().keySet());
        return new EncryptionCodec(keys);
    }

    /**
     * Jackson JSON (the SDK's default converters) inside, encryption outside; failure messages and stack traces
     * are encrypted too, since a model's error may quote the question.
     */
    @Bean
    DataConverter mainDataConverter(EncryptionCodec codec) {
        return new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(codec), true);
    }
}
