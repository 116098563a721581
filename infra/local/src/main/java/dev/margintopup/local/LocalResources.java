package dev.margintopup.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link EmulatorBootstrap} created for one local stack: the values the functions read from
 * their environment, plus how events reach them locally.
 *
 * @param accountsTable ACCOUNTS_TABLE
 * @param ledgerTable LEDGER_TABLE
 * @param accountsStreamArn the accounts table's stream, as the emulator named it
 * @param eventBusName EVENT_BUS_NAME
 * @param scheduleGroup SCHEDULE_GROUP
 * @param schedulerRoleArn SCHEDULER_ROLE_ARN (a role that exists only in name locally)
 * @param checkerTargetArn CHECKER_TARGET_ARN (the checker's alias ARN; no function exists locally)
 * @param scheduleDlqArn SCHEDULE_DLQ_ARN
 * @param secretPrefix SECRET_PREFIX
 * @param routes one per EventBridge rule of the template
 * @param functions the template's serverless functions by logical id
 * @param queueUrls the template's own queues (the dead-letter queues) by logical id
 */
public record LocalResources(
        String accountsTable,
        String ledgerTable,
        String accountsStreamArn,
        String eventBusName,
        String scheduleGroup,
        String schedulerRoleArn,
        String checkerTargetArn,
        String scheduleDlqArn,
        String secretPrefix,
        List<RuleRoute> routes,
        Map<String, LocalFunction> functions,
        Map<String, String> queueUrls) {

    public LocalResources {
        routes = List.copyOf(routes);
        // Kept in template order, for readable listings.
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        queueUrls = Collections.unmodifiableMap(new LinkedHashMap<>(queueUrls));
    }

    /** The rules whose events the template sends to this function. */
    public List<RuleRoute> routesTo(String functionLogicalId) {
        return routes.stream().filter(route -> functionLogicalId.equals(route.targetFunctionLogicalId())).toList();
    }

    public Optional<RuleRoute> route(String ruleName) {
        return routes.stream().filter(route -> route.ruleName().equals(ruleName)).findFirst();
    }
}
