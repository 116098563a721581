package dev.margintopup.local;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A serverless function of the template as the local runner invokes it in-process.
 *
 * @param logicalId the function's logical id in the template
 * @param functionName its name in the stack
 * @param handler the {@code Handler} string, {@code package.Class::method}
 * @param environment its environment variables, globals included, resolved for the local stack
 */
public record LocalFunction(String logicalId, String functionName, String handler, Map<String, String> environment) {

    public LocalFunction {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }
}
