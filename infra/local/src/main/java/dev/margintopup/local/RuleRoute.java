package dev.margintopup.local;

/**
 * One EventBridge rule of the template as created in the emulator: the rule keeps the template's
 * event pattern, and its only target is an SQS queue, since the emulator cannot invoke Lambda.
 * The local runner drains the queue into the handler the template names.
 *
 * @param ruleName the rule's name on the bus
 * @param eventBusName the bus the rule listens on
 * @param queueUrl the queue that receives every event the rule matches (the whole event as JSON)
 * @param targetFunctionLogicalId the serverless function the template targets, or null when the
 *     rule's targets are not functions (SNS, log groups)
 * @param handler that function's {@code Handler} from the template, or null
 */
public record RuleRoute(
        String ruleName, String eventBusName, String queueUrl, String targetFunctionLogicalId, String handler) {

    public boolean targetsFunction() {
        return targetFunctionLogicalId != null;
    }
}
