package dev.lossreport.job.badinput;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.cli.Main;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad inputs of every kind (config, schema, files, rows, output path), one table row each, run
 * through the CLI in this JVM. Each asserts the exit code, the key words of the one-line message, no
 * stack trace, and that nothing that looks like a report was written: the output path still holds
 * the earlier report, byte for byte, and no staging directory is left beside it.
 */
class BadInputSuiteTest {
    @TempDir
    static Path tmp;
    static Path good;

    private static final int USAGE = 2;
    private static final int INPUT = 4;

    /** One bad input: how to build its command line in a fresh folder, the exit code and the message's key words. */
    record Case(String kind, String name, Function<Ctx, List<String>> args, int exit, List<String> words) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    static Case c(String kind, String name, Function<Ctx, List<String>> args, int exit, String... words) {
        return new Case(kind, name, args, exit, List.of(words));
    }

    @BeforeAll
    static void goodTable() {
        good = tmp.resolve("good");
        spark().sql("""
                SELECT * FROM VALUES
                  ('a', 1, 0.2D, 0D, 1D, array(0.2D, 0.3D, 0.5D), 2D, '0.5', TIMESTAMP'2024-01-01 00:00:00', map('x', 1D), 0.25BD, true, 1L, 'l'),
                  ('a', 2, 0.7D, 1D, 2D, array(0.6D, 0.3D, 0.1D), 0D, '0.5', TIMESTAMP'2024-01-01 00:00:00', map('x', 1D), 0.75BD, false, 2L, 'l'),
                  ('b', 1, 0.4D, 1D, 1D, array(0.1D, 0.8D, 0.1D), 1D, '0.5', TIMESTAMP'2024-01-01 00:00:00', map('x', 1D), 0.5BD, true, 3L, 'l'),
                  ('b', 2, 0.9D, 1D, 3D, array(0.3D, 0.3D, 0.4D), 2D, '0.5', TIMESTAMP'2024-01-01 00:00:00', map('x', 1D), 1BD, false, 4L, 'l')
                AS t(g, h, p, y, w, probs, cls, s, ts, m, d, flag, k, loss)""").coalesce(1).write().parquet(good.toString());
    }

    static SparkSession spark() {
        return JobTestSupport.spark();
    }

    static Stream<Case> cases() {
        return Stream.of(
                // ---- config and usage: exit 2
                c("config", "unknown setting", x -> x.config("colour: red\n"), USAGE, "unknown setting 'colour'"),
                c("config", "unknown loss, with a suggestion", x -> x.run("--loss", "msee"), USAGE, "unknown loss 'msee'", "did you mean 'mse'"),
                c("config", "unknown loss parameter", x -> x.run("--loss", "huber(delt=1)"), USAGE, "huber", "no parameter 'delt'"),
                c("config", "parameter out of range", x -> x.run("--loss", "huber(delta=-1)"), USAGE, "huber", "parameter 'delta'"),
                c("config", "malformed loss spec", x -> x.run("--loss", "huber(delta=1"), USAGE, "loss spec 'huber(delta=1'"),
                c("config", "config file not found", x -> List.of("run", "--config", x.dir.resolve("nope.yaml").toString()), USAGE, "config file not found"),
                c("config", "config file is not YAML", x -> x.config("losses: [mse\n"), USAGE, "is not valid YAML"),
                c("config", "no input", x -> x.run("--input", null), USAGE, "no input", "--input PATH"),
                c("config", "no losses", x -> x.run("--loss", null), USAGE, "no losses"),
                c("config", "no output path", x -> x.run("--output", null, "--overwrite", null), USAGE, "no output path"),
                c("config", "bad on_invalid", x -> x.run("--set", "on_invalid=explode"), USAGE, "'on_invalid' must be one of skip, fail", "explode"),
                c("config", "bad negative_weights", x -> x.run("--set", "negative_weights=maybe"), USAGE, "'negative_weights' must be one of fail, skip"),
                c("config", "bad report format", x -> x.run("--format", "xlsx"), USAGE, "'output.format' must be one of parquet, json, csv"),
                c("config", "bad boolean", x -> x.run("--set", "input.skip_unreadable_files=sometimes"), USAGE,
                        "'input.skip_unreadable_files' must be true or false"),
                c("config", "labels without a join key", x -> x.run("--labels", good.toString()), USAGE, "needs a join key"),
                c("config", "keep_first without an order", x -> x.run("--labels", good.toString(), "--join-key", "k",
                        "--set", "labels.duplicate_keys=keep_first"), USAGE, "keep_first", "keep_first_by"),
                c("config", "unknown flag", x -> x.run("--colour", "red"), USAGE, "Unknown option", "--colour"),
                c("config", "--set without a value", x -> x.run("--set", "novalue"), USAGE, "--set expects key=value"),
                // ---- schema and types: exit 2, before any Spark job
                c("schema", "missing prediction column", x -> x.run("--prediction", "nope"), USAGE, "prediction 'nope'", "not in the input", "columns are"),
                c("schema", "missing label column", x -> x.run("--label", "nope"), USAGE, "label 'nope'", "not in the input"),
                c("schema", "missing weight column", x -> x.run("--weight", "nope"), USAGE, "weight 'nope'", "not in the input"),
                c("schema", "missing group_by column", x -> x.run("--group-by", "nope"), USAGE, "group_by column 'nope'", "not in the input"),
                c("schema", "string prediction", x -> x.run("--prediction", "s"), USAGE, "prediction 's'", "type string", "cast(s AS double)"),
                c("schema", "string label of a loss that reads a number", x -> x.run("--label", "s"), USAGE, "label 's'", "type string", "two classes"),
                c("schema", "string array prediction", x -> x.run("--prediction", "array(s, s)", "--loss", "cce", "--label", "cls"), USAGE,
                        "array<string>", "AS array<double>"),
                c("schema", "array where a number is needed", x -> x.run("--prediction", "probs"), USAGE, "mse", "probs", "array<double>"),
                c("schema", "timestamp weight", x -> x.run("--weight", "ts"), USAGE, "weight 'ts'", "timestamp", "expected a number"),
                c("schema", "map group column", x -> x.run("--group-by", "m"), USAGE, "group_by column 'm'", "map<string,double>"),
                c("schema", "group column named like a report column", x -> x.run("--group-by", "loss"), USAGE, "group_by column 'loss'", "report column"),
                c("schema", "invalid SQL expression", x -> x.run("--prediction", "p +* 2"), USAGE, "not a valid column or Spark SQL expression",
                        "PARSE_SYNTAX_ERROR"),
                c("schema", "the same loss twice", x -> x.config("losses: [mse, mse]\nprediction: p\nlabel: y\ninput: " + good + "\n"), USAGE,
                        "requested twice"),
                c("schema", "join key missing in the labels table", x -> x.run("--labels", x.table("labels", "SELECT 1L AS id, 1D AS y2"),
                        "--join-key", "k"), USAGE, "join key column 'k'", "is not in"),
                c("schema", "a column in both joined tables", x -> x.run("--labels", x.table("labels", "SELECT 1L AS k, 1D AS p"),
                        "--join-key", "k"), USAGE, "in both the input and the labels table", "[p]"),
                c("schema", "missing column in a join that also has duplicated keys (columns first)", x -> x.run("--labels",
                        x.table("labels", "SELECT * FROM VALUES (1L, 1D), (1L, 0D) AS t(k, y2)"), "--join-key", "k",
                        "--label", "y2", "--prediction", "nope"), USAGE, "prediction 'nope'", "not in the input"),
                // ---- files: exit 4
                c("files", "input path does not exist", x -> x.run("--input", x.dir.resolve("nope").toString()), INPUT, "input path does not exist"),
                c("files", "labels path does not exist", x -> x.run("--labels", x.dir.resolve("nope").toString(), "--join-key", "k"), INPUT,
                        "labels path does not exist"),
                c("files", "empty directory", x -> x.run("--input", x.mkdir("empty")), INPUT, "holds no Parquet files"),
                c("files", "table with no rows", x -> x.run("--input", x.table("none", "SELECT 0.5D AS p, 1D AS y WHERE false")), INPUT,
                        "has no rows"),
                c("files", "truncated Parquet file", x -> x.run("--input", x.withFile("truncated.parquet", half(firstFile(good)))), INPUT,
                        "truncated.parquet", "cannot be read", "skip_unreadable_files"),
                c("files", "a file that is not Parquet", x -> x.run("--input", x.withFile("notes.parquet", "p,y\n0.5,1\n".getBytes(StandardCharsets.UTF_8))),
                        INPUT, "notes.parquet", "not a Parquet file"),
                c("files", "zero-byte file", x -> x.run("--input", x.withFile("zero.parquet", new byte[0])), INPUT, "zero.parquet", "empty file (0 bytes)"),
                c("files", "every file unreadable, skipping on", x -> x.run("--input", x.onlyFile("bad.parquet", half(firstFile(good))),
                        "--set", "input.skip_unreadable_files=true"), INPUT, "no readable Parquet files", "1 skipped"),
                c("files", "column type differs across files", x -> x.run("--input", x.drift("SELECT 0.5D AS p, 1D AS y", "SELECT '0.5' AS p, 1D AS y")),
                        INPUT, "column 'p' is not the same in every file", "double in", "string in"),
                c("files", "long and double across files", x -> x.run("--input", x.drift("SELECT 0.5D AS p, 1D AS y", "SELECT 1L AS p, 1D AS y")),
                        INPUT, "column 'p'", "bigint in", "double in"),
                c("files", "column missing in some files", x -> x.run("--input", x.drift("SELECT 0.5D AS p, 1D AS y, 1D AS w",
                        "SELECT 0.5D AS p, 1D AS y"), "--weight", "w"), INPUT, "column 'w'", "missing in", "part-b"),
                c("files", "corrupt data page, intact footer (found by the scan)", x -> x.run("--input", x.corrupt()), INPUT,
                        "cannot read input file", "corrupt/part-"),
                c("files", "empty JSON input", x -> x.run("--input", x.withText("empty.json", ""), "--input-format", "json"), INPUT,
                        "holds no data", "json"),
                // ---- rows: exit 4
                c("rows", "NaN prediction under on_invalid: fail", x -> x.rows("(double('NaN'), 1D, 1D)", "--set", "on_invalid=fail"), INPUT,
                        "on_invalid: fail", "prediction 'p'", "nan 1", "p=NaN"),
                c("rows", "probability above 1 under on_invalid: fail", x -> x.rows("(1.5D, 1D, 1D)", "--loss", "bce", "--set", "on_invalid=fail"),
                        INPUT, "bce(eps=1e-15)", "outside_domain 1", "p=1.5"),
                c("rows", "null label under on_invalid: fail", x -> x.rows("(0.5D, CAST(NULL AS DOUBLE), 1D)", "--set", "on_invalid=fail"), INPUT,
                        "label 'y'", "null 1", "y=null"),
                c("rows", "infinite label under on_invalid: fail", x -> x.rows("(0.5D, double('Infinity'), 1D)", "--set", "on_invalid=fail"), INPUT,
                        "infinite 1", "y=Infinity"),
                c("rows", "negative weight (an error by default)", x -> x.rows("(0.5D, 1D, -2D)", "--weight", "w"), INPUT,
                        "weight 'w' is negative in 1 row", "w=-2.0", "negative_weights: skip"),
                c("rows", "arrays of different lengths under on_invalid: fail", x -> x.run("--input", x.table("arrays",
                                "SELECT array(0.1D, 0.2D) AS a, array(0D, 1D) AS b UNION ALL SELECT array(0.1D, 0.2D), array(1D)"),
                        "--prediction", "a", "--label", "b", "--set", "on_invalid=fail"), INPUT, "length_mismatch 1", "b=[1.0]"),
                c("rows", "class index out of range under on_invalid: fail", x -> x.run("--input", x.table("classes",
                                "SELECT array(0.2D, 0.8D) AS probs, 1D AS cls UNION ALL SELECT array(0.5D, 0.5D), 2D"),
                        "--prediction", "probs", "--label", "cls", "--loss", "cce", "--set", "on_invalid=fail"), INPUT, "class_index 1", "cls=2.0"),
                c("rows", "a cast that fails on a row", x -> x.run("--input", x.table("text", "SELECT 'abc' AS s, 1D AS y"),
                        "--prediction", "cast(s AS double)"), INPUT, "a column expression failed on an input row", "abc"),
                c("rows", "duplicated keys in the labels table", x -> x.run("--labels", x.table("labels",
                                "SELECT * FROM VALUES (1L, 1D), (3L, 0D), (3L, 1D), (4L, 1D), (4L, 1D), (4L, 0D) AS t(k, y2)"),
                        "--join-key", "k", "--label", "y2"), INPUT, "labels table", "2 duplicated join keys", "3 extra rows", "k=3", "keep_first"),
                c("rows", "duplicated keys in the input table", x -> x.run("--input", x.table("preds",
                                "SELECT * FROM VALUES (1L, 0.5D), (1L, 0.6D) AS t(k, p)"),
                        "--labels", x.table("labels", "SELECT 1L AS k, 1D AS y"), "--join-key", "k"), INPUT,
                        "input table", "1 duplicated join key", "k=1"),
                c("rows", "a replicate repeated for one example", x -> x.config("input: " + x.table("preds",
                                "SELECT * FROM VALUES (1L, 1, 0.5D), (1L, 2, 0.6D), (1L, 2, 0.7D) AS t(k, round, p)")
                                + "\nlabels: {path: " + x.table("labels", "SELECT 1L AS k, 1D AS y") + ", join_key: [k]}\n"
                                + "replicate: round\nprediction: p\nlabel: y\nlosses: [expected_loss]\n"), INPUT,
                        "input table", "1 duplicated join key [k, round]", "k=1, round=2"),
                c("rows", "no key matches between the tables", x -> x.run("--input", x.table("preds", "SELECT 1L AS k, 0.5D AS p"),
                        "--labels", x.table("labels", "SELECT 2L AS k, 1D AS y"), "--join-key", "k"), INPUT,
                        "no row of input", "matched", "1 prediction rows without labels"),
                // ---- output path: exit 2
                c("output", "a directory that is not a report", x -> x.run("--output", x.foreign()), USAGE, "is not a lossreport report", "refusing"),
                c("output", "a file", x -> x.run("--output", x.plainFile()), USAGE, "is a file"),
                c("output", "an existing report without --overwrite", x -> x.run("--overwrite", null), USAGE, "already holds a report", "--overwrite"),
                c("output", "inside the input table", x -> x.run("--input", x.copyOfGood("table"), "--output",
                        x.dir.resolve("table/report").toString()), USAGE, "overlaps the input table"),
                c("output", "the input table itself", x -> x.run("--input", x.out.toString()), USAGE, "overlaps the input table"),
                c("output", "a folder holding the labels table", x -> x.run("--labels", x.copyOfGood("report/labels"),
                        "--join-key", "k"), USAGE, "overlaps the labels table"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsOneClearMessageAndNoReport(Case c) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(c.kind() + "-" + c.name().replaceAll("[^A-Za-z0-9]+", "-")));
        Ctx x = new Ctx(dir);
        x.previousReport();
        List<String> args = c.args().apply(x);
        Map<String, String> before = x.snapshot();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
        String message = err.toString();
        assertEquals(c.exit(), code, c + " -> " + message);
        for (String w : c.words()) {
            assertTrue(message.contains(w), c + ": message lacks '" + w + "': " + message);
        }
        assertFalse(message.contains("\tat "), c + ": stack trace without --verbose: " + message);
        assertEquals(before, x.snapshot(), c + ": the output path changed");
        try (Stream<Path> siblings = Files.list(x.out.getParent())) {
            List<String> hidden = siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + x.out.getFileName() + ".")).toList();
            assertEquals(List.of(), hidden, c + ": staging left beside the output path");
        }
    }

    @org.junit.jupiter.api.Test
    void verboseAddsTheStackTrace() throws IOException {
        Ctx x = new Ctx(Files.createDirectories(tmp.resolve("verbose")));
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(x.run("--prediction", "nope"));
        args.add("--verbose");
        assertEquals(USAGE, Main.execute(new PrintWriter(err, true), args.toArray(String[]::new)));
        assertTrue(err.toString().startsWith("lossreport: loss 'mse': prediction 'nope'"), err.toString());
        assertTrue(err.toString().contains("\tat dev.lossreport.job.plan.PassPlan"), err.toString());
    }

    /** One case's folder: builders for its inputs, and the output path with an earlier report in it. */
    static final class Ctx {
        final Path dir;
        final Path out;

        Ctx(Path dir) {
            this.dir = dir;
            this.out = dir.resolve("report");
        }

        /** The earlier report every failed run must leave as it was. */
        void previousReport() throws IOException {
            Files.createDirectories(out);
            Files.writeString(out.resolve("_run.json"), "{\"run_id\": \"earlier\", \"outcome\": \"succeeded\"}\n");
            Files.writeString(out.resolve("part-00000.json"), "{\"slice\":\"overall\",\"loss\":\"mse\",\"value\":0.25}\n");
        }

        /** The output path's files and their contents. */
        Map<String, String> snapshot() throws IOException {
            Map<String, String> m = new TreeMap<>();
            if (!Files.exists(out)) {
                return m;
            }
            try (Stream<Path> files = Files.walk(out)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    m.put("/" + out.relativize(p), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
            return m;
        }

        /** The base command line (a valid run over the good table) with options replaced, removed (null) or added. */
        List<String> run(String... changes) {
            List<String> base = new ArrayList<>(List.of("run", "--input", good.toString(), "--prediction", "p", "--label", "y",
                    "--loss", "mse", "--output", out.toString(), "--overwrite", "", "--show", "1"));
            for (int i = 0; i < changes.length; i += 2) {
                String option = changes[i];
                String value = changes[i + 1];
                int at = base.indexOf(option);
                boolean repeatable = option.equals("--set") || option.equals("--group-by");
                if (at >= 0 && !repeatable) {
                    if (value == null) {
                        base.remove(at);
                        base.remove(at);
                    } else {
                        base.set(at + 1, value);
                    }
                } else if (value != null) {
                    base.add(option);
                    base.add(value);
                }
            }
            base.removeIf(String::isEmpty);
            return base;
        }

        /** A config file with this text, and the output flags. */
        List<String> config(String yaml) {
            Path f = dir.resolve("job.yaml");
            write(f, yaml.getBytes(StandardCharsets.UTF_8));
            return List.of("run", "--config", f.toString(), "--output", out.toString(), "--overwrite");
        }

        /** A Parquet table from a SQL query, written under this case's folder. */
        String table(String name, String sql) {
            Path p = dir.resolve(name);
            spark().sql(sql).coalesce(1).write().parquet(p.toString());
            return p.toString();
        }

        /** A table of (p, y, w) holding two good rows and the given bad row, in that order. */
        List<String> rows(String badRow, String... changes) {
            String t = table("rows", "SELECT * FROM VALUES (0.2D, 0D, 1D), " + badRow + ", (0.9D, 1D, 1D) AS t(p, y, w)");
            List<String> all = new ArrayList<>(List.of("--input", t));
            all.addAll(Arrays.asList(changes));
            return run(all.toArray(String[]::new));
        }

        /** A table of two files written by two queries: part-a and part-b. */
        String drift(String a, String b) {
            Path t = dir.resolve("drift");
            spark().sql(a).coalesce(1).write().parquet(dir.resolve("a").toString());
            spark().sql(b).coalesce(1).write().parquet(dir.resolve("b").toString());
            write(t.resolve("part-a.parquet"), read(firstFile(dir.resolve("a"))));
            write(t.resolve("part-b.parquet"), read(firstFile(dir.resolve("b"))));
            return t.toString();
        }

        /** A table of one Parquet file whose data pages (not its footer) are overwritten. */
        String corrupt() {
            String t = table("corrupt", "SELECT rand(1) AS p, rand(2) AS y FROM range(5000)");
            Path f = firstFile(Path.of(t));
            byte[] b = read(f);
            Arrays.fill(b, 100, 1000, (byte) 0x5A);
            write(f, b);
            return t;
        }

        /** A copy of the good table with one more file. */
        String withFile(String name, byte[] content) {
            Path t = Path.of(copyOfGood("table"));
            write(t.resolve(name), content);
            return t.toString();
        }

        /** A table of one file. */
        String onlyFile(String name, byte[] content) {
            Path t = dir.resolve("table");
            write(t.resolve(name), content);
            return t.toString();
        }

        String withText(String name, String text) {
            Path p = dir.resolve("text").resolve(name);
            write(p, text.getBytes(StandardCharsets.UTF_8));
            return p.getParent().toString();
        }

        String mkdir(String name) {
            try {
                return Files.createDirectories(dir.resolve(name)).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String copyOfGood(String name) {
            Path t = dir.resolve(name);
            try (Stream<Path> files = Files.list(good)) {
                Files.createDirectories(t);
                for (Path f : files.toList()) {
                    Files.copy(f, t.resolve(f.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return t.toString();
        }

        /** Someone else's files at the output path, in place of the earlier report. */
        String foreign() {
            clearOut();
            write(out.resolve("notes.txt"), "keep me".getBytes(StandardCharsets.UTF_8));
            return out.toString();
        }

        /** A plain file at the output path, in place of the earlier report. */
        String plainFile() {
            clearOut();
            write(out, "a file".getBytes(StandardCharsets.UTF_8));
            return out.toString();
        }

        private void clearOut() {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Path firstFile(Path table) {
        try (Stream<Path> files = Files.list(table)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] half(Path file) {
        byte[] b = read(file);
        return Arrays.copyOf(b, b.length / 2);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
