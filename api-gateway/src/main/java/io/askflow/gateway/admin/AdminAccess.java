package io.askflow.gateway.admin;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** What every admin endpoint checks first, and how it reads its period parameters. */
@Component
class AdminAccess {

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");

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

    /**
     * An RFC 3339 date-time, the API description's {@code format: date-time}: {@code T} or {@code t}, any number
     * of fractional digits (the first nine count), {@code Z}, {@code z} or an offset of up to ±23:59, second 60
     * read as 59. {@link Instant#parse} would refuse some of those (offsets beyond ±18:00, a lower-case t).
     */
    static Instant instant(String name, String value) {
        Matcher date = DATE_TIME.matcher(value);
        try {
            if (date.matches()) {
                int hour = Integer.parseInt(date.group(2));
                int minute = Integer.parseInt(date.group(3));
                int second = Integer.parseInt(date.group(4));
                int offsetHour = date.group(7) == null ? 0 : Integer.parseInt(date.group(7));
                int offsetMinute = date.group(8) == null ? 0 : Integer.parseInt(date.group(8));
                if (hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 23 && offsetMinute <= 59) {
                    long seconds = LocalDate.parse(date.group(1)).toEpochDay() * 86_400
                            + hour * 3_600L
                            + minute * 60L
                            + Math.min(second, 59);
                    long offset = (offsetHour * 3_600L + offsetMinute * 60L) * ("-".equals(date.group(6)) ? -1 : 1);
                    String fraction = date.group(5) == null ? "" : date.group(5);
                    int nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
                    return Instant.ofEpochSecond(seconds - offset, nanos);
                }
            }
        } catch (DateTimeParseException e) {
            // an impossible date such as 2026-02-30: the same answer as any other malformed value
        }
        throw ApiException.badRequest(name + " must be an RFC 3339 date-time, e.g. 2026-11-23T00:00:00Z");
    }
}
