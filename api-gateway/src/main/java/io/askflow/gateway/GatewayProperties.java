package io.askflow.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway reads from {@code askflow.*}.
 *
 * @param env dev, staging or production (APP_ENV)
 * @param gateway HTTP limits and waits
 * @param auth token settings
 * @param adminGithubIds GitHub ids with admin rights (ADMIN_GITHUB_IDS)
 */
@ConfigurationProperties("askflow")
public record GatewayProperties(String env, Http gateway, Auth auth, List<Long> adminGithubIds) {

    public GatewayProperties {
        adminGithubIds = adminGithubIds == null ? List.of() : List.copyOf(adminGithubIds);
    }

    public boolean isDev() {
        return "dev".equals(env);
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
     */
    public record Http(
            Duration syncTimeout,
            int maxQuestionLength,
            DataSize maxBodySize,
            int historyPageSize,
            int historyMaxPageSize) {}

    /**
     * @param jwtSecret JWT_SECRET, at least 32 bytes; generated per start in dev when unset
     * @param tokenTtl lifetime of issued tokens
     */
    public record Auth(String jwtSecret, Duration tokenTtl) {}
}
