package io.askflow.gateway.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryCursorTest {

    static final HistoryCursor CURSOR = new HistoryCursor(1_764_000_000_123L, "ab79c6f3-625e-44d7-a343-9a144f6866a5");

    @Test
    void aCursorSurvivesTheRoundTripAndIsSafeInAQueryString() {
        String encoded = CURSOR.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(HistoryCursor.decode(encoded)).contains(CURSOR);
    }

    @Test
    void theIdIsEverythingAfterTheFirstColon() {
        HistoryCursor odd = new HistoryCursor(0, "a:b:c");

        assertThat(HistoryCursor.decode(odd.encode())).contains(odd);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "not a cursor", "a+b/c==", "A", "AAAAA"})
    void garbageIsNoCursor(String value) {
        assertThat(HistoryCursor.decode(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-colon", ":only-an-id", "123:", "abc:id", "12.5:id", "99999999999999999999:id"})
    void wellEncodedButMalformedContentIsNoCursor(String content) {
        String encoded =
                Base64.getUrlEncoder().withoutPadding().encodeToString(content.getBytes(StandardCharsets.UTF_8));

        assertThat(HistoryCursor.decode(encoded)).isEmpty();
    }

    @Test
    void aTamperedCursorNeverFailsItEitherDecodesOrIsRefused() {
        String encoded = CURSOR.encode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=%:. ";
        int decodedToSomethingElse = 0;
        for (int i = 0; i < encoded.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                String tampered = encoded.substring(0, i) + c + encoded.substring(i + 1);
                assertThatCode(() -> HistoryCursor.decode(tampered))
                        .as(tampered)
                        .doesNotThrowAnyException();
                if (HistoryCursor.decode(tampered)
                        .filter(cursor -> !cursor.equals(CURSOR))
                        .isPresent()) {
                    decodedToSomethingElse++;
                }
            }
            String truncated = encoded.substring(0, i);
            assertThatCode(() -> HistoryCursor.decode(truncated)).as(truncated).doesNotThrowAnyException();
        }
        // The cursor is a position, not a credential: an edited one is a different position in the caller's own
        // history (the query is always scoped to the caller), so it need not be refused.
        assertThat(decodedToSomethingElse).isPositive();
    }
}
