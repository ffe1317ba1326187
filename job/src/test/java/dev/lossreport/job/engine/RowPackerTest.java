package dev.lossreport.job.engine;

import dev.lossreport.job.JobTestSupport;
import dev.lossreport.job.plan.PassPlan;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packs of passed-through rows give back every row once, in order, with its values; a pack's bucket
 * is its rows' bucket, and the bucket of a slice is the same for its partial state and its rows, so
 * both reach the same merge task.
 */
class RowPackerTest {

    @Test
    void packsGiveBackEveryRowInOrderAndKeepSlicesInOneBucket() {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(RowFactory.create(i % 7 == 0 ? null : "g" + r.nextInt(40), r.nextInt(30), r.nextDouble(), (double) r.nextInt(2),
                    new double[]{r.nextDouble(), r.nextDouble()}));
        }
        StructType schema = new StructType().add("g", DataTypes.StringType).add("h", DataTypes.IntegerType)
                .add("p", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("a", DataTypes.createArrayType(DataTypes.DoubleType, false));
        var df = JobTestSupport.spark().createDataFrame(rows, schema);
        PassPlan plan = PassPlan.build(JobTestSupport.config("""
                prediction: p
                label: y
                group_by: [g, [g, h]]
                losses: [mse, {name: mse, prediction: a, label: a}]
                """), df);
        List<InternalRow> prepared = ((org.apache.spark.sql.classic.Dataset<Row>) plan.prepared()).queryExecution().toRdd()
                .toJavaRDD().map(InternalRow::copy).collect();
        // Three buckets and the smallest packs, so that packs fill up while rows are added.
        PartialLayout layout = new PartialLayout(plan, 3);
        RowPacker packer = new RowPacker(layout);
        var project = layout.passThrough(2, new int[]{0, 1});
        List<InternalRow> packs = new ArrayList<>();
        Map<Integer, List<InternalRow>> byBucket = new HashMap<>();
        for (InternalRow row : prepared) {
            var passed = project.apply(row);
            assertEquals(layout.passedFields(), passed.numFields(), "a passed-through row has no state, bucket or pack");
            byBucket.computeIfAbsent(layout.bucket(passed), b -> new ArrayList<>()).add(passed.copy());
            packer.add(passed, packs::add);
        }
        int full = packs.size();
        packs.addAll(packer.rest());
        assertTrue(full > 3, "packs filled while rows were added: " + full);
        assertEquals(0, packer.rest().size(), "the buffers are empty after rest()");

        int fields = layout.passedFields();
        Map<Integer, List<InternalRow>> unpacked = new HashMap<>();
        for (InternalRow pack : packs) {
            int bucket = pack.getInt(layout.bucketOrdinal());
            assertEquals(-1, pack.getInt(0), "a pack is no slice's");
            for (var it = RowPacker.unpack(pack.getBinary(layout.packedOrdinal()), fields); it.hasNext(); ) {
                InternalRow row = it.next();
                assertEquals(bucket, layout.bucket(row), "a row's bucket is its pack's");
                unpacked.computeIfAbsent(bucket, b -> new ArrayList<>()).add(row.copy());
            }
        }
        assertEquals(byBucket.keySet(), unpacked.keySet());
        var types = java.util.Arrays.asList(layout.passedTypes());
        for (var e : byBucket.entrySet()) {
            List<InternalRow> want = e.getValue();
            List<InternalRow> got = unpacked.get(e.getKey());
            assertEquals(want.size(), got.size(), "bucket " + e.getKey());
            for (int i = 0; i < want.size(); i++) {
                for (int f = 0; f < fields; f++) {
                    Object a = want.get(i).get(f, types.get(f));
                    Object b = got.get(i).get(f, types.get(f));
                    if (a instanceof org.apache.spark.sql.catalyst.util.ArrayData x) {
                        assertEquals(java.util.Arrays.toString(x.toDoubleArray()),
                                java.util.Arrays.toString(((org.apache.spark.sql.catalyst.util.ArrayData) b).toDoubleArray()));
                    } else {
                        assertEquals(a, b, "bucket " + e.getKey() + " row " + i + " field " + f);
                    }
                }
            }
        }

        // A slice's partial state lands in the bucket of its passed-through rows.
        for (InternalRow some : prepared.subList(0, 20)) {
            var passed = project.apply(some);
            Object[] key = {passed.isNullAt(1) ? null : passed.getUTF8String(1).copy(), passed.getInt(2)};
            InternalRow state = layout.state(2, new int[]{0, 1}, key, new double[]{1, 2, 3});
            assertEquals(layout.bucket(passed), state.getInt(layout.bucketOrdinal()));
        }
    }
}
