package io.askflow.gateway.admin;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** What every admin endpoint checks first, and how it reads its period parameters. */
@Component
class AdminAccess {

    private final GatewayProperties properties;

    AdminAccess(GatewayProperties properties) {
        this.properties = properties;
    }

    /** 403 unless the caller's GitHub id is in ADMIN_GITHUB_IDS. */
    void require(Jwt jwt) {
        if (!properties.isAdmin(CurrentUser.of(jwt).id())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Admins only.");
        }
    }

    static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant, e.g. 2026-11-23T00:00:00Z");
        }
    }
}
