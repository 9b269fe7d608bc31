package io.askflow.gateway.github;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Pending sign-ins in the database, keyed by state, instead of an HTTP session: any gateway can finish a
 * sign-in another one started, and a state is deleted by the one callback that uses it, so a replayed
 * callback finds nothing. The stored request holds the PKCE verifier, which never leaves the server.
 */
class DatabaseAuthorizationRequestRepository implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final Duration TTL = Duration.ofMinutes(10);

    private final Jdbi jdbi;
    private final Clock clock;

    DatabaseAuthorizationRequestRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        return state == null ? null : find(state).orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request, HttpServletResponse response) {
        if (authorizationRequest == null) {
            return;
        }
        long now = clock.millis();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM oauth_states WHERE expires_at < :now")
                    .bind("now", now)
                    .execute();
            handle.createUpdate(
                            "INSERT INTO oauth_states (state, request, expires_at) VALUES (:state, :request, :expires)")
                    .bind("state", authorizationRequest.getState())
                    .bind("request", serialize(authorizationRequest))
                    .bind("expires", now + TTL.toMillis())
                    .execute();
        });
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        // Only the caller whose DELETE removed the row gets the request: two racing callbacks cannot both win.
        return jdbi.inTransaction(handle -> {
            Optional<OAuth2AuthorizationRequest> found = find(state);
            int deleted = handle.createUpdate("DELETE FROM oauth_states WHERE state = :state")
                    .bind("state", state)
                    .execute();
            OAuth2AuthorizationRequest won = deleted == 1 ? found.orElse(null) : null;
            if (won != null && Boolean.TRUE.equals(won.getAttribute(LoginRequestResolver.WEB_ATTRIBUTE))) {
                // tells the success handler to answer the web app's way: a session cookie and a redirect
                request.setAttribute(LoginRequestResolver.WEB_ATTRIBUTE, Boolean.TRUE);
            }
            return won;
        });
    }

    private Optional<OAuth2AuthorizationRequest> find(String state) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT request FROM oauth_states WHERE state = :state AND expires_at >= :now")
                        .bind("state", state)
                        .bind("now", clock.millis())
                        .mapTo(String.class)
                        .findOne())
                .map(DatabaseAuthorizationRequestRepository::deserialize);
    }

    private static String serialize(OAuth2AuthorizationRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static OAuth2AuthorizationRequest deserialize(String value) {
        // Written only by this class into our own database; never read from a client.
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(Base64.getDecoder().decode(value)))) {
            return (OAuth2AuthorizationRequest) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
