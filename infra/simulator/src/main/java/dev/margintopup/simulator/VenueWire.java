package dev.margintopup.simulator;

import dev.margintopup.paper.Fault;
import dev.margintopup.paper.PaperVenueServer;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The wire between one container and the paper venue: each request the real adapter builds is
 * handed to the real paper venue's routes in-process (no socket: loopback HTTP cost a thread
 * handoff per request and most of a history's time, see decision 0020), with a yield to the scheduler for the request's latency, a chance that
 * the container dies just before the request or just after it took effect, a chance that a
 * transfer stays on the wire past the lease and arrives late, and the venue's own faults (lost
 * answer, 500, 429, 503), queued in its fault plan for this very request just before it is sent.
 */
final class VenueWire extends HttpClient {

    private final HttpClient http;
    private final PaperVenueServer venue;
    private final Faults faults;
    private final Scheduler scheduler;
    private final Trace trace;
    private final String container;
    private final Observed observed;

    VenueWire(HttpClient http, PaperVenueServer venue, Faults faults, Scheduler scheduler, Trace trace,
            String container, Observed observed) {
        this.http = http;
        this.venue = venue;
        this.faults = faults;
        this.scheduler = scheduler;
        this.trace = trace;
        this.container = container;
        this.observed = observed;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        String path = request.uri().getPath();
        boolean moves = request.method().equals("POST");
        String call = request.method() + " " + path;
        scheduler.pause(Duration.ofMillis(20 + faults.draws().nextInt(200)), false);
        if (faults.inject(FaultKind.CRASH_BEFORE_VENUE, moves ? 0.03 : 0.003)) {
            trace.line(container + " crashes before " + call);
            throw new ContainerCrash("before " + call);
        }
        boolean stalled = moves && faults.inject(FaultKind.VENUE_REQUEST_STALLED, 0.03);
        if (stalled) {
            // Past the function's timeout and the lease: Lambda has long given up on this attempt.
            trace.line(container + " " + call + " stalls on the wire");
            scheduler.pause(Duration.ofSeconds(75 + faults.draws().nextInt(60)), true);
            trace.line(container + " stalled " + call + " reaches the venue");
        }
        Optional<Fault> fault = venueFault(path, moves);
        fault.ifPresent(f -> {
            venue.injectFault(f);
            trace.line(container + " venue plays " + f.type() + " on " + call);
        });
        HttpResponse<T> response;
        observed.venueRequests++;
        try {
            InProcessExchange exchange = new InProcessExchange(request);
            venue.serveInProcess(exchange);
            response = exchange.response(handler);
        } finally {
            if (stalled) {
                Scheduler.Task self = scheduler.current();
                if (self != null && self.killed()) {
                    throw new Scheduler.Killed("the stalled request's sender was gone");
                }
            }
        }
        if (moves && faults.inject(FaultKind.CRASH_AFTER_VENUE, 0.04)) {
            trace.line(container + " crashes after " + call + " took effect");
            throw new ContainerCrash("after " + call);
        }
        return response;
    }

    private Optional<Fault> venueFault(String path, boolean moves) {
        double scale = moves ? 1 : 0.3;
        if (faults.inject(FaultKind.VENUE_LOST_RESPONSE, 0.04 * scale)) {
            return Optional.of(Fault.loseResponse(path));
        }
        if (faults.inject(FaultKind.VENUE_500, 0.03 * scale)) {
            return Optional.of(Fault.http500(path));
        }
        if (faults.inject(FaultKind.VENUE_429, 0.03 * scale)) {
            return Optional.of(Fault.http429(path));
        }
        if (faults.inject(FaultKind.VENUE_503, 0.02 * scale)) {
            return Optional.of(Fault.http503(path));
        }
        return Optional.empty();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the adapters send synchronously; the simulator interleaves them");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return http.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return http.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return http.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return http.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return http.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return http.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return http.authenticator();
    }

    @Override
    public Version version() {
        return http.version();
    }

    @Override
    public Optional<Executor> executor() {
        return http.executor();
    }
}
