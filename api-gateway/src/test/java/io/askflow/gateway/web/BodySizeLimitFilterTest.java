package io.askflow.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.askflow.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class BodySizeLimitFilterTest {

    static final int LIMIT = 1024;

    final BodySizeLimitFilter filter = new BodySizeLimitFilter(
            new GatewayProperties(
                    new GatewayProperties.Http(null, 4000, DataSize.ofBytes(LIMIT), 20, 100, null, null, null, null),
                    null,
                    null),
            JsonMapper.builder().build());
    final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnythingReadsTheBody() throws Exception {
        MockHttpServletRequest request = post(new byte[LIMIT + 1]);
        AtomicReference<ServletRequest> passedOn = new AtomicReference<>();

        filter.doFilter(request, response, (req, res) -> passedOn.set(req));

        assertThat(passedOn).hasNullValue();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getContentAsString())
                .contains("\"type\":\"https://askflow.dev/problems/body-too-large\"")
                .contains("\"status\":413");
    }

    @Test
    void aBodyOfExactlyTheLimitPasses() throws Exception {
        byte[] read = readThroughFilter(post(new byte[LIMIT]), false);

        assertThat(read).hasSize(LIMIT);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyWithinTheLimitPasses() throws Exception {
        assertThat(readThroughFilter(chunked(new byte[LIMIT]), false)).hasSize(LIMIT);
        assertThat(readThroughFilter(chunked(new byte[LIMIT]), true)).hasSize(LIMIT);
    }

    @Test
    void aChunkedBodyIsStoppedWhileBeingReadOnceItPassesTheLimit() {
        assertThatThrownBy(() -> readThroughFilter(chunked(new byte[LIMIT + 1]), false))
                .isInstanceOf(BodySizeLimitFilter.BodyTooLargeException.class);
        assertThatThrownBy(() -> readThroughFilter(chunked(new byte[LIMIT + 1]), true))
                .isInstanceOf(BodySizeLimitFilter.BodyTooLargeException.class);
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsStoppedToo() {
        MockHttpServletRequest lying = new MockHttpServletRequest("POST", "/ask") {
            @Override
            public long getContentLengthLong() {
                return 10;
            }
        };
        lying.setContent(new byte[LIMIT * 4]);

        assertThatThrownBy(() -> readThroughFilter(lying, false))
                .isInstanceOf(BodySizeLimitFilter.BodyTooLargeException.class);
    }

    /** Passes the request through the filter to a chain that reads the whole body, bytewise or in blocks. */
    private byte[] readThroughFilter(MockHttpServletRequest request, boolean bytewise) throws Exception {
        AtomicReference<byte[]> read = new AtomicReference<>();
        FilterChain reader = (req, res) -> {
            InputStream in = req.getInputStream();
            if (bytewise) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int b = in.read(); b >= 0; b = in.read()) {
                    bytes.write(b);
                }
                read.set(bytes.toByteArray());
            } else {
                read.set(in.readAllBytes());
            }
        };
        filter.doFilter(request, response, reader);
        return read.get();
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/ask");
        request.setContent(body);
        assertThat(request.getContentLengthLong()).isEqualTo(body.length);
        return request;
    }

    /** Transfer-Encoding: chunked — the container knows no length up front. */
    private static MockHttpServletRequest chunked(byte[] body) {
        return ChunkedRequests.chunked(null, "POST", "/ask", body);
    }
}
