package dev.margintopup.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's DynamoDB stream on the emulator and turns new records into the event Lambda's
 * stream event source would deliver — what feeds schedule-sync when nothing can run Lambdas.
 */
public final class StreamPump {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    public StreamPump(DynamoDbStreamsClient streams, String streamArn, String region) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
    }

    /** New records since the last call, as one Lambda stream event; {@code null} when there are none. */
    public ObjectNode poll() {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(b -> b
                    .streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator());
            if (iterator == null) {
                continue;
            }
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(iterator));
            records.addAll(page.records());
            iterators.put(shard.shardId(), page.nextShardIterator());
        }
        if (records.isEmpty()) {
            return null;
        }
        ObjectNode event = Json.object();
        ArrayNode list = event.putArray("Records");
        for (Record record : records) {
            list.add(lambdaRecord(record));
        }
        return event;
    }

    private ObjectNode lambdaRecord(Record record) {
        StreamRecord data = record.dynamodb();
        ObjectNode node = Json.object();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", region);
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (data.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", data.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", DynamoJson.image(data.keys()));
        if (data.hasNewImage()) {
            dynamodb.set("NewImage", DynamoJson.image(data.newImage()));
        }
        if (data.hasOldImage()) {
            dynamodb.set("OldImage", DynamoJson.image(data.oldImage()));
        }
        dynamodb.put("SequenceNumber", data.sequenceNumber());
        dynamodb.put("SizeBytes", data.sizeBytes() == null ? 0 : data.sizeBytes());
        dynamodb.put("StreamViewType", data.streamViewTypeAsString());
        node.put("eventSourceARN", streamArn);
        return node;
    }
}
