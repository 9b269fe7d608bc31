package io.askflow.gateway.github;

/**
 * How one can sign in here, for the web app's sign-in page.
 *
 * @param github a GitHub OAuth app is configured: {@code /auth/web-login} and {@code /auth/login} work
 * @param dev this is a dev environment: {@code POST /auth/dev-login} works
 */
public record SignInOptions(boolean github, boolean dev) {}
