package io.askflow.gateway.admin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** Mocks of the admin repositories, declared here because only this package can name them. */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@MockitoBean(types = {TelemetryRepository.class, UsageRepository.class})
public @interface MockedAdminRepositories {}
