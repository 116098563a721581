package dev.margintopup.local.smoke;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Runs one handler the way the Lambda Java runtime does, in a JVM whose classpath is a function's
 * shaded jar and this class alone: {@code LambdaSmoke HANDLER < event.json}, where HANDLER is the
 * template's {@code package.Class::method}. The handler class is loaded by name, built with its
 * no-argument constructor and called with the event on its input stream; what it writes comes
 * out on stdout as one line after {@link #RESULT_MARKER}, below whatever the function logged.
 *
 * <p>Only the JDK and the jar's own classes may be used here: anything else would hide a class
 * the jar lacks.
 */
public final class LambdaSmoke {

    public static final String RESULT_MARKER = "==> result ";

    private LambdaSmoke() {}

    public static void main(String[] args) throws Throwable {
        if (args.length != 1 || !args[0].contains("::")) {
            System.err.println("usage: LambdaSmoke package.Class::method < event.json");
            System.exit(2);
        }
        String className = args[0].substring(0, args[0].indexOf("::"));
        String methodName = args[0].substring(args[0].indexOf("::") + 2);
        byte[] event = System.in.readAllBytes();

        Class<?> handlerClass = Class.forName(className);
        Object handler = handlerClass.getDeclaredConstructor().newInstance();
        Method method = handlerClass.getMethod(methodName, InputStream.class, OutputStream.class, Context.class);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", className);
        try {
            method.invoke(handler, new ByteArrayInputStream(event), output, new SmokeContext(functionName));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        System.out.flush();
        System.out.println();
        System.out.println(RESULT_MARKER + output.toString(StandardCharsets.UTF_8));
        System.out.flush();
    }

    /** What the runtime hands a handler; enough for Powertools to fill its log fields. */
    private static final class SmokeContext implements Context {

        private final String functionName;
        private final String requestId = UUID.randomUUID().toString();

        SmokeContext(String functionName) {
            this.functionName = functionName;
        }

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "smoke"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.print(message); }
                @Override public void log(byte[] message) { System.out.print(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
