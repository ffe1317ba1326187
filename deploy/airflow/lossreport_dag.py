"""Nightly lossreport run from Apache Airflow with SparkSubmitOperator.

Needs the provider apache-airflow-providers-apache-spark and a Spark connection (conn_id below) whose
host is your master (yarn, spark://..., k8s://...) and whose extra sets the deploy mode. Client mode
makes spark-submit's exit code the job's own: 3 when a check of the gate fails (the report is still
written), so the task fails and the model does not ship; 2 a config error, 4 bad input data.
A retry reruns the same run date, which replaces that date's report partition only.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# The settings of conf/spark-defaults.conf (a test keeps the two equal).
SPARK_CONF = {
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.task.maxFailures": "4",
    "spark.driver.maxResultSize": "1g",
    "spark.ui.showConsoleProgress": "false",
    "spark.standalone.submit.waitAppCompletion": "true",
    "spark.driver.extraJavaOptions": "-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED",
}

with DAG(
    dag_id="lossreport_nfl_nightly",
    schedule="0 3 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["lossreport", "model-gate"],
) as dag:
    SparkSubmitOperator(
        task_id="lossreport_nfl",
        conn_id="spark_default",
        application="/opt/lossreport/lossreport-job.jar",
        java_class="dev.lossreport.job.cli.Main",
        application_args=[
            "run",
            "--config", "/opt/lossreport/conf/nfl-nightly.yaml",
            "--run-date", "{{ ds }}",
        ],
        conf=SPARK_CONF,
        name="lossreport-nfl-{{ ds }}",
        driver_memory="2g",
        executor_memory="4g",
        executor_cores=2,
        num_executors=4,
    )
