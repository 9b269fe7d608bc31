package io.askflow.gateway.users;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /auth/dev-login}: whom to sign in as.
 *
 * @param login a GitHub login: letters, digits and single inner hyphens, at most 39 characters
 * @param id taken as the GitHub user id
 */
public record DevLoginBody(
        @Schema(pattern = DevLoginBody.LOGIN, maxLength = DevLoginBody.LOGIN_MAX_LENGTH)
        String login,

        @Schema(minimum = "1") Long id) {

    /** GitHub's own rule for logins: alphanumerics and single hyphens, neither first nor last. */
    static final String LOGIN = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$";

    static final int LOGIN_MAX_LENGTH = 39;
}
