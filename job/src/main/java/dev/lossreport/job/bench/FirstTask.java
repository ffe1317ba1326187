package dev.lossreport.job.bench;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;

/** Records when the first task of the session starts: the launch-to-first-task time. */
final class FirstTask extends SparkListener {
    private volatile long startedAt = -1;

    static FirstTask listen(SparkSession spark) {
        FirstTask f = new FirstTask();
        spark.sparkContext().addSparkListener(f);
        return f;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        if (startedAt < 0) {
            startedAt = taskStart.taskInfo().launchTime();
        }
    }

    Double seconds(long since) {
        return startedAt < 0 ? null : (startedAt - since) / 1e3;
    }
}
