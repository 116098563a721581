package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every deployable jar stays at or below 12 MB (MB = 2^20 bytes): a larger jar is slower to
 * start and to snapshot, and this is where a dependency that brings too much shows up
 * (decision 0019). The jars are built in the package phase of the same reactor run; the
 * emulator is not needed.
 */
class FunctionJarSizeIT {

    static final long LIMIT_BYTES = 12L * 1024 * 1024;

    private final CloudFormationTemplate template =
            CloudFormationTemplate.load(PipelineFixture.template(), "jars", "us-east-1");

    @Test
    void every_function_s_shaded_jar_is_at_most_12_mb() throws IOException {
        List<CloudFormationTemplate.Resource> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).as("functions in template.yaml").isNotEmpty();
        for (CloudFormationTemplate.Resource function : functions) {
            String module = Path.of(function.properties().path("CodeUri").asText()).getFileName().toString();
            Path jar = ShadedJarIT.shadedJar(module);
            long size = Files.size(jar);
            assertThat(size).as("%s: %s is %.2f MB, over the 12 MB a function's jar may be", function.logicalId(),
                    jar.getFileName(), size / (1024.0 * 1024.0)).isLessThanOrEqualTo(LIMIT_BYTES);
        }
    }
}
