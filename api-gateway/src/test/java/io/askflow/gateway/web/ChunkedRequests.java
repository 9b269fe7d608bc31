package io.askflow.gateway.web;

import jakarta.servlet.ServletContext;
import org.springframework.mock.web.MockHttpServletRequest;

/** A request sent with {@code Transfer-Encoding: chunked}: the container knows no length up front. */
final class ChunkedRequests {

    private ChunkedRequests() {}

    static MockHttpServletRequest chunked(ServletContext context, String method, String uri, byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest(context, method, uri) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContent(body);
        return request;
    }
}
