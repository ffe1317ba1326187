package dev.lossreport.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.config.ConfigLoader;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files users copy to run the job on a cluster: conf/spark-defaults.conf (read as spark-submit
 * reads it, every key a Spark setting with a valid value), the Kubernetes SparkApplication and the
 * Airflow DAG (same settings, the job's main class and jar, arguments the CLI accepts), and the
 * launch scripts' JVM flags.
 */
class DeployExamplesTest {
    private static final Path ROOT = JobTestSupport.projectRoot();

    /** conf/spark-defaults.conf as spark-submit's --properties-file reads it. */
    private static Map<String, String> sparkDefaults() {
        Map<String, String> m = new TreeMap<>();
        var props = org.apache.spark.util.Utils.getPropertiesFromFile(ROOT.resolve("conf/spark-defaults.conf").toString());
        scala.jdk.javaapi.CollectionConverters.asJava(props).forEach(m::put);
        return m;
    }

    @Test
    void sparkDefaultsAreSparkSettingsWithValidValues() throws Exception {
        Map<String, String> conf = sparkDefaults();
        assertTrue(conf.size() >= 8, conf.toString());
        // Registering Spark's setting definitions: core, UI, SQL.
        assertNotNull(org.apache.spark.internal.config.package$.MODULE$.SERIALIZER());
        assertNotNull(org.apache.spark.internal.config.UI$.MODULE$.UI_SHOW_CONSOLE_PROGRESS());
        assertNotNull(org.apache.spark.sql.internal.SQLConf$.MODULE$.ADAPTIVE_EXECUTION_ENABLED());
        for (Map.Entry<String, String> e : conf.entrySet()) {
            ConfigEntry<?> entry = ConfigEntry.findEntry(e.getKey());
            assertNotNull(entry, "'" + e.getKey() + "' is not a Spark setting");
            assertNotNull(entry.valueConverter().apply(e.getValue()), e.getKey());
        }
        assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
        Class.forName(conf.get("spark.serializer"));
        assertEquals("true", conf.get("spark.sql.adaptive.enabled"));
        assertEquals(JavaModuleOptions.defaultModuleOptions(), conf.get("spark.driver.extraJavaOptions"));
    }

    @Test
    void scriptsPassSparksModuleOptions() throws IOException {
        for (String script : List.of("deploy/submit", "deploy/standalone")) {
            Matcher m = Pattern.compile("SPARK_MODULE_OPTIONS=\"([^\"]*)\"").matcher(Files.readString(ROOT.resolve(script)));
            assertTrue(m.find(), script + " sets SPARK_MODULE_OPTIONS");
            assertEquals(JavaModuleOptions.defaultModuleOptions(), m.group(1), script);
            assertTrue(new File(ROOT.resolve(script).toString()).canExecute(), script + " is executable");
        }
    }

    @Test
    void kubernetesSparkApplicationRunsTheJobJarWithTheRecommendedSettings() throws IOException {
        JsonNode app = ConfigLoader.YAML.readTree(ROOT.resolve("deploy/kubernetes/lossreport-nfl.yaml").toFile());
        assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion").asText());
        assertEquals("SparkApplication", app.get("kind").asText());
        JsonNode spec = app.get("spec");
        assertEquals("Java", spec.get("type").asText());
        assertEquals("cluster", spec.get("mode").asText());
        assertEquals(Main.class.getName(), spec.get("mainClass").asText());
        assertTrue(spec.get("mainApplicationFile").asText().endsWith("/lossreport-job.jar"));
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), spec.get("sparkVersion").asText());
        Map<String, String> conf = new TreeMap<>();
        spec.get("sparkConf").fields().forEachRemaining(f -> {
            assertTrue(f.getValue().isTextual(), "sparkConf values are strings: " + f.getKey());
            conf.put(f.getKey(), f.getValue().asText());
        });
        assertEquals(sparkDefaults(), conf);
        List<String> args = new ArrayList<>();
        spec.get("arguments").forEach(a -> args.add(a.asText()));
        assertAcceptedByTheCli(args);
        assertTrue(spec.at("/driver/memory").isTextual() && spec.at("/executor/instances").isInt());
        String mount = spec.at("/driver/volumeMounts/0/mountPath").asText();
        assertTrue(args.get(args.indexOf("--config") + 1).startsWith(mount + "/"), "the config is on the mounted volume");
    }

    @Test
    void airflowDagSubmitsTheJobWithTheRunDate() throws Exception {
        Path dag = ROOT.resolve("deploy/airflow/lossreport_dag.py");
        JsonNode parsed = python() ? parseWithPythonAst(dag) : parseStructurally(Files.readString(dag));
        assertEquals(Main.class.getName(), parsed.get("java_class").asText());
        assertTrue(parsed.get("application").asText().endsWith("/lossreport-job.jar"));
        List<String> args = new ArrayList<>();
        parsed.get("application_args").forEach(a -> args.add(a.asText()));
        assertEquals("{{ ds }}", args.get(args.indexOf("--run-date") + 1), "Airflow's run date");
        assertAcceptedByTheCli(args.stream().map(a -> a.replace("{{ ds }}", "2024-01-31")).toList());
        Map<String, String> conf = new TreeMap<>();
        parsed.get("conf").fields().forEachRemaining(f -> conf.put(f.getKey(), f.getValue().asText()));
        assertEquals(sparkDefaults(), conf);
    }

    private static void assertAcceptedByTheCli(List<String> args) {
        CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
        assertTrue(r.hasSubcommand(), args.toString());
        assertEquals("run", r.subcommand().commandSpec().name());
        assertTrue(r.subcommand().hasMatchedOption("--config"));
        assertTrue(r.subcommand().hasMatchedOption("--run-date"));
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Python's own parser: the module compiles, imports SparkSubmitOperator, and its call's arguments are literals. */
    private static JsonNode parseWithPythonAst(Path dag) throws Exception {
        String script = String.join("\n",
                "import ast, json, sys",
                "tree = ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                "compile(tree, sys.argv[1], 'exec')",
                "imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)",
                "           and n.module == 'airflow.providers.apache.spark.operators.spark_submit'",
                "           and any(a.name == 'SparkSubmitOperator' for a in n.names)]",
                "assert imports, 'SparkSubmitOperator is not imported'",
                "consts = {t.id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)",
                "          for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Dict)}",
                "calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'id', None) == 'SparkSubmitOperator']",
                "assert len(calls) == 1, 'one SparkSubmitOperator'",
                "out = {}",
                "for k in calls[0].keywords:",
                "    out[k.arg] = consts[k.value.id] if isinstance(k.value, ast.Name) else ast.literal_eval(k.value)",
                "print(json.dumps(out))");
        Path py = Files.createTempFile("dag-check", ".py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder("python3", py.toString(), dag.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out);
    }

    /** Without python3: the same fields read from the source text. */
    private static JsonNode parseStructurally(String source) throws IOException {
        assertTrue(source.contains("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator"));
        var m = new ObjectMapper().createObjectNode();
        m.put("java_class", group(source, "java_class=\"([^\"]+)\""));
        m.put("application", group(source, "application=\"([^\"]+)\""));
        var args = m.putArray("application_args");
        Matcher a = Pattern.compile("\"([^\"]*)\"").matcher(group(source, "(?s)application_args=\\[(.*?)]"));
        while (a.find()) {
            args.add(a.group(1));
        }
        var conf = m.putObject("conf");
        Matcher c = Pattern.compile("\"(spark\\.[^\"]+)\": \"([^\"]*)\"").matcher(group(source, "(?s)SPARK_CONF = \\{(.*?)}"));
        while (c.find()) {
            conf.put(c.group(1), c.group(2));
        }
        return m;
    }

    private static String group(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), regex);
        return m.group(1);
    }
}
