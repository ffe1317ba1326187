package dev.lossreport.job.engine;

import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The one pass over the data: a typed per-partition aggregation of every loss for every slice of
 * every slicing into primitive state ({@link PartialAggregation}), a shuffle of the partial states
 * by slice, and a typed merge that finishes them into report rows ({@link MergeAggregation}).
 * The input is scanned once, whatever the number of losses and slicings; quantile losses (median absolute
 * error, the D^2 pinball scores) add a second, sort-based scan ({@link QuantileStage}) whose partial
 * states join the others before the merge. The overall slice is summed by the merge from the first
 * slicing's slices and finished on the driver ({@link Result#overall}).
 *
 * <p>Stage one reads the scan's column batches in place when the projection only selects columns
 * ({@link ColumnarInput}). Both stages read and write Spark internal rows; {@code internalCreateDataFrame} turns them back
 * into DataFrames without a conversion per row.
 */
public final class FusedPass {
    private FusedPass() {
    }

    /**
     * The report in two parts, every slicing's rows ({@link #slices}, lazy) and then the overall slice's
     * ({@link #overall}, finished from what computing the first left), and the counts of input rows,
     * report rows and invalid rows by reason, which are filled once the report has been computed.
     */
    public static final class Result {
        private final SparkSession spark;
        private final PassPlan plan;
        private final Dataset<Row> slices;
        private final JavaRDD<InternalRow> merged;
        private final OverallParts overallParts;
        private final PartitionCounts inputCounts;
        private final PartitionCounts reportRows;
        private final InvalidRows invalidRows;
        private final boolean columnarInput;
        private List<InternalRow> overallRows;

        private Result(SparkSession spark, PassPlan plan, Dataset<Row> slices, JavaRDD<InternalRow> merged,
                       OverallParts overallParts, PartitionCounts inputCounts, PartitionCounts reportRows,
                       InvalidRows invalidRows, boolean columnarInput) {
            this.spark = spark;
            this.plan = plan;
            this.slices = slices;
            this.merged = merged;
            this.overallParts = overallParts;
            this.inputCounts = inputCounts;
            this.reportRows = reportRows;
            this.invalidRows = invalidRows;
            this.columnarInput = columnarInput;
        }

        /** The report rows of every slicing but the overall slice: the merge stage, computed when an action asks. */
        public Dataset<Row> slices() {
            return slices;
        }

        /**
         * The overall slice's report rows, a small local table: the merge tasks' parts added up on the
         * driver, so it is available once {@link #slices} has been computed in full (written or collected).
         */
        public Dataset<Row> overall() {
            var session = (org.apache.spark.sql.classic.SparkSession) spark;
            var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(overallRows(), 1);
            return session.internalCreateDataFrame(rdd.rdd(), reportSchema(plan), false);
        }

        private List<InternalRow> overallRows() {
            if (overallRows == null) {
                int parts = overallParts.value().size();
                if (parts != merged.getNumPartitions()) {
                    throw new IllegalStateException("the overall slice is finished from all " + merged.getNumPartitions()
                            + " merge tasks, and " + parts + " have run: compute slices() in full first");
                }
                overallRows = MergeAggregation.overallRows(plan, overallParts.sum(plan.losses()));
            }
            return overallRows;
        }

        /** The whole report, both parts, on the driver (small reports: tests, the bench's value check). */
        public List<Row> collect() {
            List<Row> rows = new ArrayList<>(slices.collectAsList());
            rows.addAll(overall().collectAsList());
            return rows;
        }

        /** Report rows of both parts (valid once both have been computed). */
        public long reportRows() {
            return reportRows.totals()[0] + overallRows().size();
        }

        public PartitionCounts inputCounts() {
            return inputCounts;
        }

        public InvalidRows invalidRows() {
            return invalidRows;
        }

        /** Whether stage one read the scan's column batches in place. */
        public boolean columnarInput() {
            return columnarInput;
        }
    }

    public static Result run(SparkSession spark, PassPlan plan) {
        var session = (org.apache.spark.sql.classic.SparkSession) spark;
        // Unnamed: Spark's status listener renders named accumulators while tasks still add to them.
        PartitionCounts counts = new PartitionCounts(PartitionCounts.INPUT_WIDTH);
        spark.sparkContext().register(counts);
        PartitionCounts reportRowCounts = new PartitionCounts(1);
        spark.sparkContext().register(reportRowCounts);
        OverallParts overall = new OverallParts();
        spark.sparkContext().register(overall);
        InvalidRows invalid = new InvalidRows(spark.sparkContext(), plan.losses().size(), plan.entities() != null);

        // One bucket per shuffle partition Spark would make; adaptive execution may coalesce them.
        PartialLayout layout = new PartialLayout(plan, session.sessionState().conf().numShufflePartitions());
        // Unset: each executor derives it from its own heap (PartialAggregation.defaultBudget).
        long budget = spark.conf().contains(PartialAggregation.BUDGET_CONF)
                ? org.apache.spark.network.util.JavaUtils.byteStringAsBytes(spark.conf().get(PartialAggregation.BUDGET_CONF))
                : -1;
        PartialAggregation aggregation = new PartialAggregation(plan, counts, invalid, layout, budget);
        RDD<ColumnarBatch> batches = ColumnarInput.batches(plan.prepared());
        JavaRDD<InternalRow> partials = batches != null
                ? batches.toJavaRDD().mapPartitions(aggregation.overBatches())
                : ((org.apache.spark.sql.classic.Dataset<Row>) plan.prepared()).queryExecution().toRdd().toJavaRDD()
                        .mapPartitions(aggregation);
        if (QuantileStage.needed(plan)) {
            // Exact quantiles need the slice's values in order: a sort-based stage, only when requested.
            RDD<InternalRow> input = ((org.apache.spark.sql.classic.Dataset<Row>) plan.prepared()).queryExecution().toRdd();
            partials = partials.union(QuantileStage.partials(session, plan, input, layout));
        }
        Dataset<Row> partialFrame = session.internalCreateDataFrame(partials.rdd(), layout.schema(), false);

        // Shuffled by bucket (a hash of the slicing and group values): a slice's states and packs meet.
        Dataset<Row> shuffled = partialFrame.repartition(partialFrame.col("__bucket"));
        RDD<InternalRow> byslice = ((org.apache.spark.sql.classic.Dataset<Row>) shuffled).queryExecution().toRdd();
        JavaRDD<InternalRow> merged = byslice.toJavaRDD().mapPartitions(new MergeAggregation(plan, reportRowCounts, overall, layout));
        Dataset<Row> slices = session.internalCreateDataFrame(merged.rdd(), reportSchema(plan), false);
        return new Result(spark, plan, slices, merged, overall, counts, reportRowCounts, invalid, batches != null);
    }


    /**
     * slice, the group columns (own names and types), loss, prediction and label (the columns or
     * expressions the loss read), output (the output index of per-output rows, else null), value, rows,
     * weight_sum, invalid_rows, masked_rows.
     */
    public static StructType reportSchema(PassPlan plan) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("slice", DataTypes.StringType, false));
        for (PassPlan.GroupColumn g : plan.groupColumns()) {
            f.add(DataTypes.createStructField(g.name(), g.type(), true));
        }
        f.add(DataTypes.createStructField("loss", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("prediction", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("label", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("output", DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField("value", DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField("rows", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("weight_sum", DataTypes.DoubleType, false));
        f.add(DataTypes.createStructField("invalid_rows", DataTypes.LongType, false));
        f.add(DataTypes.createStructField("masked_rows", DataTypes.LongType, false));
        return DataTypes.createStructType(f);
    }
}
