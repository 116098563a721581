package dev.margintopup.schedule;

/**
 * Where account schedules live and what they invoke; all from template.yaml.
 *
 * @param group the Scheduler schedule group of this stack
 * @param checkerTargetArn the checker function's alias ARN
 * @param roleArn the role Scheduler assumes to invoke the checker
 * @param deadLetterArn the queue for invocations Scheduler gave up on
 */
public record ScheduleSettings(String group, String checkerTargetArn, String roleArn, String deadLetterArn) {

    /** Schedule names: a fixed prefix plus the account id (validated to fit Scheduler's name rules). */
    public static String scheduleName(String accountId) {
        return "account-" + accountId;
    }

    public static String accountIdOf(String scheduleName) {
        return scheduleName.startsWith("account-") ? scheduleName.substring("account-".length()) : null;
    }
}
