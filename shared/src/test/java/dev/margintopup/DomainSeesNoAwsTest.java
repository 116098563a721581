package dev.margintopup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checker's and the transfer's logic, the policy and the account model are plain Java behind
 * ports: no file of theirs may name a type of the AWS SDK or of Powertools, and no public method
 * of anything they use may take, return or throw one. The DynamoDB, EventBridge and EMF
 * implementations live in {@code dev.margintopup.aws}, outside this fence.
 */
class DomainSeesNoAwsTest {

    /** The packages that must stay free of AWS types. */
    private static final List<String> DOMAIN = List.of("check", "topup", "policy", "account", "tick");

    private static final List<String> FORBIDDEN = List.of("software.amazon.awssdk", "software.amazon.lambda.powertools");

    private static final Path SOURCES = Path.of("src/main/java/dev/margintopup");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?;");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void no_source_file_of_the_domain_names_an_aws_or_powertools_type() {
        List<Path> files = domainSources();
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            awsReferences(read(file)).forEach(ref -> found.add(SOURCES.relativize(file) + ": " + ref));
        }

        assertThat(files).as("the scan must see the services").anyMatch(p -> p.endsWith("CheckService.java"))
                .anyMatch(p -> p.endsWith("TransferService.java")).anyMatch(p -> p.endsWith("TopUpPolicy.java"));
        assertThat(found).as("AWS types named in the domain (they belong behind a port, in dev.margintopup.aws)")
                .isEmpty();
    }

    @Test
    void nothing_the_domain_calls_has_an_aws_or_powertools_type_in_its_signature() {
        Set<Class<?>> used = new LinkedHashSet<>();
        for (Path file : domainSources()) {
            used.add(classOf(file));
            used.addAll(importedProjectClasses(read(file)));
        }
        List<String> found = new ArrayList<>();
        for (Class<?> type : used) {
            found.addAll(awsInSignatures(type));
        }

        assertThat(used).as("the ports the services use").extracting(Class::getSimpleName)
                .contains("Ledger", "EventPublisher", "AccountsTable", "Metrics", "VenueConnector", "SecretsCache");
        assertThat(found).as("public signatures the domain calls that carry AWS types").isEmpty();
    }

    @Test
    void the_checks_recognise_what_they_must_refuse() {
        assertThat(awsReferences("import software.amazon.awssdk.services.dynamodb.DynamoDbClient;")).isNotEmpty();
        assertThat(awsReferences("var m = software.amazon.lambda.powertools.metrics.MetricsFactory.getMetricsInstance();"))
                .isNotEmpty();
        assertThat(awsReferences("/** see software.amazon.awssdk in dev.margintopup.aws */ class A {}")).isEmpty();
        assertThat(awsInSignatures(dev.margintopup.aws.DynamoLedger.class)).as("the adapter's constructor")
                .anyMatch(s -> s.contains("DynamoDbClient"));
    }

    // ---------------------------------------------------------------- the scan

    private static List<Path> domainSources() {
        List<Path> files = new ArrayList<>();
        for (String pkg : DOMAIN) {
            try (Stream<Path> walk = Files.walk(SOURCES.resolve(pkg))) {
                walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** AWS names in code, imports included; comments may mention them. */
    private static List<String> awsReferences(String source) {
        String code = COMMENT.matcher(source).replaceAll("");
        List<String> hits = new ArrayList<>();
        for (String forbidden : FORBIDDEN) {
            Matcher m = Pattern.compile(Pattern.quote(forbidden) + "[\\w.]*").matcher(code);
            while (m.find()) {
                hits.add(m.group());
            }
        }
        return hits;
    }

    private static List<Class<?>> importedProjectClasses(String source) {
        List<Class<?>> classes = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("dev.margintopup.")) {
                load(name).ifPresent(classes::add);
            }
        }
        return classes;
    }

    /**
     * The class an import names: {@code a.b.C.D} may be a class, a nested class ({@code a.b.C$D})
     * or, in a static import, a member of {@code a.b.C}.
     */
    private static Optional<Class<?>> load(String name) {
        String[] parts = name.split("\\.");
        for (int member = 0; member <= 1; member++) {
            int n = parts.length - member;
            for (int nested = 0; nested < n - 1; nested++) {
                String outer = String.join(".", Arrays.copyOfRange(parts, 0, n - nested));
                String inner = nested == 0 ? "" : "$" + String.join("$", Arrays.copyOfRange(parts, n - nested, n));
                Optional<Class<?>> found = loadQuietly(outer + inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> loadQuietly(String name) {
        try {
            return Optional.of(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Class<?> classOf(Path file) {
        String relative = SOURCES.relativize(file).toString().replace('/', '.');
        String name = "dev.margintopup." + relative.substring(0, relative.length() - ".java".length());
        return loadQuietly(name).orElseThrow(() -> new AssertionError("no class for " + file));
    }

    /** Every public method's and constructor's parameter, return and exception types that are AWS types. */
    private static List<String> awsInSignatures(Class<?> type) {
        List<String> found = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getDeclaringClass() == Object.class) {
                continue;
            }
            List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
            types.add(method.getGenericReturnType());
            types.addAll(List.of(method.getGenericExceptionTypes()));
            awsTypes(types).forEach(t -> found.add(type.getName() + "." + method.getName() + ": " + t));
        }
        // The services' own constructors are what handlers call: they must take ports only.
        if (type.getPackageName().matches("dev\\.margintopup\\.(" + String.join("|", DOMAIN) + ")|dev\\.margintopup\\.aws")) {
            for (Constructor<?> constructor : type.getConstructors()) {
                awsTypes(List.of(constructor.getGenericParameterTypes()))
                        .forEach(t -> found.add(type.getName() + ".<init>: " + t));
            }
        }
        return found;
    }

    private static List<String> awsTypes(List<Type> types) {
        List<String> names = new ArrayList<>();
        for (Type t : types) {
            collect(t, names, new LinkedHashSet<>());
        }
        return names.stream().filter(n -> FORBIDDEN.stream().anyMatch(n::startsWith)).toList();
    }

    private static void collect(Type type, List<String> names, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        switch (type) {
            case Class<?> c when c.isArray() -> collect(c.getComponentType(), names, seen);
            case Class<?> c -> names.add(c.getName());
            case ParameterizedType p -> {
                collect(p.getRawType(), names, seen);
                for (Type arg : p.getActualTypeArguments()) {
                    collect(arg, names, seen);
                }
            }
            case GenericArrayType g -> collect(g.getGenericComponentType(), names, seen);
            case WildcardType w -> {
                for (Type bound : w.getUpperBounds()) {
                    collect(bound, names, seen);
                }
                for (Type bound : w.getLowerBounds()) {
                    collect(bound, names, seen);
                }
            }
            case TypeVariable<?> v -> {
                for (Type bound : v.getBounds()) {
                    collect(bound, names, seen);
                }
            }
            default -> names.add(type.getTypeName());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
