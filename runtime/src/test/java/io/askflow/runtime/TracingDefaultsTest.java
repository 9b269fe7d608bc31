package io.askflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class TracingDefaultsTest {

    private static MockEnvironment withDefaults(MockEnvironment environment) {
        new TracingDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void withoutAnEndpointNothingIsExportedNorSampled() {
        MockEnvironment environment = withDefaults(new MockEnvironment().withProperty(TracingDefaults.SAMPLING, "0.5"));

        assertThat(environment.getProperty(TracingDefaults.ENABLED)).isEqualTo("false");
        assertThat(environment.getProperty(TracingDefaults.PROBABILITY)).isEqualTo("0.0");
    }

    @Test
    void withAnEndpointEverythingIsSampledUnlessToldOtherwise() {
        MockEnvironment all = withDefaults(
                new MockEnvironment().withProperty(TracingDefaults.ENDPOINT, "http://collector:4318/v1/traces"));
        MockEnvironment half = withDefaults(new MockEnvironment()
                .withProperty(TracingDefaults.ENDPOINT, "http://collector:4318/v1/traces")
                .withProperty(TracingDefaults.SAMPLING, "0.5"));

        assertThat(all.getProperty(TracingDefaults.ENABLED)).isEqualTo("true");
        assertThat(all.getProperty(TracingDefaults.PROBABILITY)).isEqualTo("1.0");
        assertThat(half.getProperty(TracingDefaults.PROBABILITY)).isEqualTo("0.5");
    }

    @Test
    void explicitSettingsWin() {
        MockEnvironment environment = withDefaults(new MockEnvironment()
                .withProperty(TracingDefaults.ENABLED, "true")
                .withProperty(TracingDefaults.PROBABILITY, "0.25"));

        assertThat(environment.getProperty(TracingDefaults.ENABLED)).isEqualTo("true");
        assertThat(environment.getProperty(TracingDefaults.PROBABILITY)).isEqualTo("0.25");
    }
}
