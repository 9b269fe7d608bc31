package io.askflow.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway reads from {@code askflow.*}.
 *
 * @param gateway HTTP limits and waits
 * @param auth token settings
 * @param adminGithubIds GitHub ids with admin rights (ADMIN_GITHUB_IDS)
 */
@ConfigurationProperties("askflow")
public record GatewayProperties(Http gateway, Auth auth, List<Long> adminGithubIds) {

    public GatewayProperties {
        adminGithubIds = adminGithubIds == null ? List.of() : List.copyOf(adminGithubIds);
    }

    public boolean isAdmin(long userId) {
        return adminGithubIds.contains(userId);
    }

    /**
     * @param syncTimeout how long {@code POST /ask} waits before answering 202
     * @param maxQuestionLength the longest accepted question, in characters
     * @param maxBodySize the largest accepted request body
     * @param historyPageSize the default page size of {@code GET /history}
     * @param historyMaxPageSize the largest page size a client may ask for
     * @param corsAllowedOrigins origins allowed to call the API from a browser; none by default
     * @param temporalUiUrl the Temporal Web UI, for links from questions to their workflows; none by default
     * @param flood the in-memory flood guard in front of workflow starts
     * @param streams how questions are served as Server-Sent Events
     */
    public record Http(
            Duration syncTimeout,
            int maxQuestionLength,
            DataSize maxBodySize,
            int historyPageSize,
            int historyMaxPageSize,
            List<String> corsAllowedOrigins,
            String temporalUiUrl,
            Flood flood,
            Streams streams) {

        public Http {
            corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        }
    }

    /**
     * @param userRequestsPerSecond question submissions one user may make per second (per gateway)
     * @param addressRequestsPerSecond question submissions one client address may make per second (per gateway)
     * @param maxConcurrentSyncWaits how many {@code POST /ask} may wait for an answer at once (per gateway)
     */
    public record Flood(int userRequestsPerSecond, int addressRequestsPerSecond, int maxConcurrentSyncWaits) {}

    /**
     * @param pollInterval how often an open stream looks for new events in the database
     * @param maxDuration how long one connection streams before it ends (the client reconnects with
     *     Last-Event-ID and loses nothing)
     * @param keepAlive how often a quiet stream sends a comment, so that proxies keep it open
     * @param maxOpen how many streams one gateway serves at once; more are refused with 503
     */
    public record Streams(Duration pollInterval, Duration maxDuration, Duration keepAlive, int maxOpen) {}

    /**
     * @param jwtSecret JWT_SECRET, at least 32 bytes, signs new tokens; generated per start in dev when unset
     * @param previousJwtSecrets JWT_PREVIOUS_SECRETS, retired secrets whose tokens still verify until removed
     * @param tokenTtl lifetime of issued tokens
     * @param sessionTtl lifetime of a web app session (its cookie and the token in it)
     * @param clockSkew how far token times may be off
     * @param requestsPerMinutePerAddress sign-in requests one client address may make per minute
     * @param github the GitHub OAuth app of this environment
     */
    public record Auth(
            String jwtSecret,
            List<String> previousJwtSecrets,
            Duration tokenTtl,
            Duration sessionTtl,
            Duration clockSkew,
            int requestsPerMinutePerAddress,
            Github github) {

        public Auth {
            previousJwtSecrets = previousJwtSecrets == null
                    ? List.of()
                    : previousJwtSecrets.stream().filter(s -> !s.isBlank()).toList();
        }
    }

    /**
     * @param clientId GITHUB_CLIENT_ID
     * @param clientSecret GITHUB_CLIENT_SECRET
     * @param oauthBaseUrl GITHUB_OAUTH_BASE_URL, where /login/oauth/* lives
     * @param apiBaseUrl GITHUB_API_BASE_URL, where /user lives
     */
    public record Github(String clientId, String clientSecret, String oauthBaseUrl, String apiBaseUrl) {

        public boolean configured() {
            return clientId != null && !clientId.isBlank() && clientSecret != null && !clientSecret.isBlank();
        }
    }
}
