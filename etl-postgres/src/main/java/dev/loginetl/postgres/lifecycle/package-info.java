/**
 * The data lifecycle of {@code user_logins}: {@code Partitions} makes the partitions of the coming
 * periods ahead of time, {@code Retention} drops whole partitions past the kept period and deletes
 * only in the one that straddles it, {@code Erasure} removes one person's rows and rejections and
 * records a keyed hash of the id, and {@code PartitionConversion} turns an unpartitioned table into
 * a partitioned one by attaching it, without rewriting it. Each step leaves no session state, so it
 * works through a pooler in transaction mode. What each records is in {@code data_lifecycle_audit}.
 */
package dev.loginetl.postgres.lifecycle;
