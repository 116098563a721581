package dev.margintopup.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * EventBridge Scheduler in this process, behind the real SDK {@link SchedulerClient}: it serves
 * the REST-JSON calls schedule-sync makes (CreateSchedule with its client token, UpdateSchedule,
 * DeleteSchedule, GetSchedule, ListSchedules) and keeps each schedule's state and target input,
 * which is what the history fires its checks with. Faults enter through an execution interceptor
 * on the client, as for DynamoDB ({@link InProcessAws}): throttling without effect, and a lost answer after a write took
 * effect (the SDK retries it; a retried create carries the same client token).
 */
final class SimSchedules extends InProcessAws {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/schedules";

    /** One client per thread, as for DynamoDB: building it costs more than the calls it makes. */
    private static final ThreadLocal<SimSchedules> BACKEND = new ThreadLocal<>();
    private static final ThreadLocal<SchedulerClient> CLIENT = ThreadLocal.withInitial(SimSchedules::build);

    /** Schedules by group and name, in name order so that firing them is deterministic. */
    private final Map<String, ObjectNode> schedules = new TreeMap<>();
    private final SchedulerFaults faults;

    SimSchedules(Faults faults, Scheduler scheduler, Trace trace) {
        this.faults = new SchedulerFaults(faults, scheduler, trace);
    }

    /** The thread's real SDK client, now served by this backend. */
    SchedulerClient bind() {
        BACKEND.set(this);
        return CLIENT.get();
    }

    static void unbind() {
        BACKEND.remove();
    }

    /** A schedule as Scheduler holds it (GetSchedule's answer), read without faults. */
    synchronized Optional<ObjectNode> schedule(String group, String name) {
        return Optional.ofNullable(schedules.get(group + "/" + name)).map(ObjectNode::deepCopy);
    }

    /** Every schedule's name in the group, in name order. */
    synchronized List<String> names(String group) {
        return schedules.values().stream().filter(s -> s.path("GroupName").asText().equals(group))
                .map(s -> s.path("Name").asText()).toList();
    }

    @Override
    protected HttpExecuteResponse serve(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        String fault = faultOfThisAttempt(http);
        if (fault.equals("THROTTLE")) {
            return error(429, "ThrottlingException", "Rate exceeded (simulated)");
        }
        JsonNode body = JSON.createObjectNode();
        Optional<ContentStreamProvider> content = request.contentStreamProvider();
        if (content.isPresent()) {
            try (InputStream in = content.get().newStream()) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length > 0) {
                    body = JSON.readTree(bytes);
                }
            }
        }
        String path = http.encodedPath();
        Map<String, List<String>> query = http.rawQueryParameters();
        HttpExecuteResponse response;
        if (path.equals(PATH)) {
            response = list(first(query, "ScheduleGroup"));
        } else if (path.startsWith(PATH + "/")) {
            String name = URLDecoder.decode(path.substring(PATH.length() + 1), StandardCharsets.UTF_8);
            response = switch (http.method()) {
                case POST -> create(name, (ObjectNode) body);
                case PUT -> update(name, (ObjectNode) body);
                case DELETE -> delete(name, first(query, "groupName"));
                case GET -> get(name, first(query, "groupName"));
                default -> error(400, "ValidationException", http.method() + " " + path + " is not simulated");
            };
        } else {
            response = error(400, "ValidationException", http.method() + " " + path + " is not simulated");
        }
        if (fault.equals("LOSE_ANSWER")) {
            throw new IOException("connection reset after the request was applied (simulated lost answer)");
        }
        return response;
    }

    private HttpExecuteResponse create(String name, ObjectNode body) {
        String key = group(body.path("GroupName").asText(null)) + "/" + name;
        ObjectNode existing = schedules.get(key);
        if (existing != null) {
            if (body.path("ClientToken").asText("").equals(existing.path("ClientToken").asText(null))) {
                return ok(JSON.createObjectNode().put("ScheduleArn", existing.path("Arn").asText()));
            }
            return error(409, "ConflictException", "Schedule " + name + " already exists.");
        }
        ObjectNode schedule = stored(name, body);
        schedules.put(key, schedule);
        return ok(JSON.createObjectNode().put("ScheduleArn", schedule.path("Arn").asText()));
    }

    private HttpExecuteResponse update(String name, ObjectNode body) {
        String key = group(body.path("GroupName").asText(null)) + "/" + name;
        if (!schedules.containsKey(key)) {
            return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        ObjectNode schedule = stored(name, body);
        schedules.put(key, schedule);
        return ok(JSON.createObjectNode().put("ScheduleArn", schedule.path("Arn").asText()));
    }

    private HttpExecuteResponse delete(String name, String group) {
        if (schedules.remove(group(group) + "/" + name) == null) {
            return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        return ok(JSON.createObjectNode());
    }

    private HttpExecuteResponse get(String name, String group) {
        ObjectNode schedule = schedules.get(group(group) + "/" + name);
        if (schedule == null) {
            return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
        }
        ObjectNode answer = schedule.deepCopy();
        answer.remove("ClientToken");
        return ok(answer);
    }

    private HttpExecuteResponse list(String group) {
        ObjectNode answer = JSON.createObjectNode();
        var page = answer.putArray("Schedules");
        for (ObjectNode schedule : schedules.values()) {
            if (group == null || schedule.path("GroupName").asText().equals(group)) {
                page.addObject().put("Name", schedule.path("Name").asText())
                        .put("GroupName", schedule.path("GroupName").asText())
                        .put("State", schedule.path("State").asText())
                        .put("Arn", schedule.path("Arn").asText());
            }
        }
        return ok(answer);
    }

    private static ObjectNode stored(String name, ObjectNode body) {
        ObjectNode schedule = body.deepCopy();
        String group = group(body.path("GroupName").asText(null));
        schedule.put("Name", name);
        schedule.put("GroupName", group);
        schedule.put("Arn", "arn:aws:scheduler:us-east-1:123456789012:schedule/" + group + "/" + name);
        return schedule;
    }

    private static String group(String group) {
        return group == null || group.isEmpty() ? "default" : group;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static HttpExecuteResponse ok(JsonNode answer) {
        return response(200, answer, null);
    }

    private static HttpExecuteResponse error(int status, String type, String message) {
        return response(status, JSON.createObjectNode().put("Message", message), type);
    }

    private static HttpExecuteResponse response(int status, JsonNode answer, String errorType) {
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse.Builder http = SdkHttpResponse.builder()
                .statusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(bytes.length));
        if (errorType != null) {
            http.putHeader("X-Amzn-ErrorType", errorType);
        }
        return HttpExecuteResponse.builder()
                .response(http.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    // ---------------------------------------------------------------- faults

    /** Before each call: its latency, then a plan for its attempts (throttle, or a write's lost answer). */
    private static final class SchedulerFaults extends FaultInterceptor {

        SchedulerFaults(Faults faults, Scheduler scheduler, Trace trace) {
            super(faults, scheduler, trace);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            scheduler.pause(Duration.ofMillis(5 + faults.draws().nextInt(20)), false);
            mark(attributes, "Scheduler", attempt -> {
                if (faults.inject(FaultKind.SCHEDULER_THROTTLE, attempt == 0 ? 0.03 : 0.3)) {
                    return "THROTTLE";
                } else if (!operation.startsWith("Get") && !operation.startsWith("List")
                        && faults.inject(FaultKind.SCHEDULER_LOST_ANSWER, attempt == 0 ? 0.03 : 0.2)) {
                    return "LOSE_ANSWER";
                }
                return "NONE";
            });
        }
    }

    private static SchedulerClient build() {
        return SchedulerClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://scheduler.simulated"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(InProcessAws.boundTo(BACKEND::get))
                .overrideConfiguration(InProcessAws.overrides(() -> BACKEND.get().faults))
                .build();
    }
}
