package io.askflow.gateway.questions;

import io.askflow.gateway.GatewayProperties;
import io.askflow.gateway.security.CurrentUser;
import io.askflow.gateway.web.ApiException;
import io.askflow.workflows.StreamEventKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves a question as Server-Sent Events: first the {@code question} event (offset 0, the question as it
 * stands), then every event its steps append to the question's stream in the database, each with its offset
 * as {@code id}, up to and including {@code done}, whose data is the final question. A client that comes back
 * with {@code Last-Event-ID} gets every later event once, in order, from any gateway: the offsets are the
 * database's, not this process's.
 *
 * <p>A question saved final without a {@code done} (by a worker of a version before streams, during a rolling
 * deploy) is taken as finished a few seconds after it became final, and its {@code done} sent from the row.
 *
 * <p>Each open stream is a virtual thread that polls the database every {@code poll-interval}, less often
 * while nothing comes (up to once a second after a quiet minute); nothing about a stream is held in this
 * process beyond the connection, so a gateway restart loses nothing but the connection, which the client
 * resumes elsewhere.
 */
@Service
public class QuestionStreams {

    private static final Logger log = LoggerFactory.getLogger(QuestionStreams.class);
    private static final int PAGE = 200;

    private final QuestionEventRepository events;
    private final QuestionRepository questions;
    private final WorkflowLinks links;
    private final GatewayProperties.Streams settings;
    private final Semaphore open;
    private final ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor();

    QuestionStreams(
            QuestionEventRepository events,
            QuestionRepository questions,
            WorkflowLinks links,
            GatewayProperties properties) {
        this.events = events;
        this.questions = questions;
        this.links = links;
        this.settings = properties.gateway().streams();
        this.open = new Semaphore(settings.maxOpen());
    }

    /** A place among the streams this gateway serves, taken before anything is started for the stream. */
    final class Ticket {

        private boolean used;

        private Ticket() {}

        /** Gives the place back unless a stream has taken it. */
        void release() {
            if (!used) {
                used = true;
                open.release();
            }
        }
    }

    /** Takes a place for a stream, or refuses with 503 when this gateway serves as many as it may. */
    Ticket reserve() {
        if (!open.tryAcquire()) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "busy",
                    "Busy",
                    "Too many streams are open on this server; retry, or poll GET /questions/{id}.",
                    Map.of(),
                    headers);
        }
        return new Ticket();
    }

    /**
     * Streams {@code question} (already checked to be the user's) from after {@code lastEventId}, or from the
     * start when null, in the place {@code ticket} holds. A client that has had the whole stream already
     * gets 204, which tells EventSource to stop reconnecting.
     */
    ResponseEntity<SseEmitter> stream(Ticket ticket, CurrentUser user, QuestionResource question, Long lastEventId) {
        if (lastEventId != null) {
            var state = events.state(question.id());
            if (state.isPresent()
                    && state.get().finished(Instant.now())
                    && lastEventId >= state.get().doneOffset()) {
                ticket.release();
                return ResponseEntity.noContent().build();
            }
        }
        ticket.used = true;
        // The servlet container's own limit is a little longer than ours, so that the stream ends ours.
        SseEmitter emitter = new SseEmitter(settings.maxDuration().toMillis() + 30_000);
        AtomicBoolean gone = new AtomicBoolean();
        emitter.onCompletion(() -> gone.set(true));
        emitter.onTimeout(() -> gone.set(true));
        emitter.onError(e -> gone.set(true));
        loops.execute(() -> {
            try {
                follow(user, question, lastEventId, emitter, gone);
            } finally {
                open.release();
            }
        });
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    private void follow(
            CurrentUser user, QuestionResource question, Long lastEventId, SseEmitter emitter, AtomicBoolean gone) {
        String id = question.id();
        try {
            long after = lastEventId == null ? -1 : lastEventId;
            if (after < 0) {
                emitter.send(SseEmitter.event().id("0").name("question").data(question, MediaType.APPLICATION_JSON));
                after = 0;
            }
            long deadline = System.nanoTime() + settings.maxDuration().toNanos();
            long lastSent = System.nanoTime();
            int quietPolls = 0;
            while (!gone.get()) {
                List<QuestionEventRepository.StoredEvent> batch = events.after(id, after, PAGE);
                if (batch.isEmpty() && isFinished(id)) {
                    // Read again: the done event may have committed, after the events before it, between the
                    // two reads above.
                    batch = events.after(id, after, PAGE);
                    if (batch.isEmpty()) {
                        finishClosed(user, id, after, emitter);
                        return;
                    }
                }
                for (QuestionEventRepository.StoredEvent event : batch) {
                    if (event.kind() == StreamEventKind.DONE) {
                        sendDone(user, id, event.seq(), emitter);
                        return;
                    }
                    emitter.send(SseEmitter.event()
                            .id(Long.toString(event.seq()))
                            .name(event.kind().wireName())
                            .data(event.data(), MediaType.TEXT_PLAIN));
                    after = event.seq();
                    lastSent = System.nanoTime();
                    quietPolls = 0;
                }
                if (batch.size() == PAGE) {
                    continue;
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    // the client reconnects with Last-Event-ID and goes on where this ended
                    emitter.complete();
                    return;
                }
                if (now - lastSent > settings.keepAlive().toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastSent = now;
                }
                TimeUnit.NANOSECONDS.sleep(pause(++quietPolls));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("stream of question {} ended by the client: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("stream of question {} failed", id, e);
            emitter.completeWithError(e);
        }
    }

    /**
     * The wait before the next look: the poll interval while events come or have just come, four times as
     * long after about a quiet second, and once a second after about a quiet minute (a model that thinks for
     * long, a question waiting for a worker), so that idle streams cost the database little.
     */
    private long pause(int quietPolls) {
        long base = settings.pollInterval().toNanos();
        long pause = quietPolls < 20 ? base : quietPolls < 300 ? 4 * base : TimeUnit.SECONDS.toNanos(1);
        return Math.max(base, Math.min(pause, TimeUnit.SECONDS.toNanos(1)));
    }

    private boolean isFinished(String questionId) {
        return events.state(questionId)
                .map(state -> state.finished(Instant.now()))
                .orElse(true);
    }

    /**
     * The stream is closed and nothing follows {@code after}: the client has had everything, or the done event
     * itself is no longer stored (questions final before streams existed), and it is sent from the question.
     */
    private void finishClosed(CurrentUser user, String id, long after, SseEmitter emitter) throws IOException {
        long last = events.state(id)
                .map(QuestionEventRepository.StreamState::doneOffset)
                .orElse(after);
        if (after < last) {
            sendDone(user, id, last, emitter);
        } else {
            emitter.complete();
        }
    }

    private void sendDone(CurrentUser user, String id, long seq, SseEmitter emitter) throws IOException {
        QuestionResource finalState = questions.findOwned(id, user.id(), links).orElseThrow(ApiException::notFound);
        emitter.send(SseEmitter.event()
                .id(Long.toString(seq))
                .name(StreamEventKind.DONE.wireName())
                .data(finalState, MediaType.APPLICATION_JSON));
        emitter.complete();
    }
}
