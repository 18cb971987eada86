package dev.loginetl.app.cli;

import dev.loginetl.app.base.ConfigurationException;
import dev.loginetl.app.job.PartitionUpkeep;
import dev.loginetl.postgres.lifecycle.PartitionGranularity;
import picocli.CommandLine.Option;

/** How {@code user_logins} is partitioned: the period of a partition and how many are made ahead. */
public final class PartitionOptions {
  @Option(names = "--partition-granularity", paramLabel = "day|month|year",
      defaultValue = "${env:LOGINETL_PARTITION_GRANULARITY:-month}",
      description = "Period of one partition of user_logins. Env LOGINETL_PARTITION_GRANULARITY; default ${DEFAULT-VALUE}."
          + " Keep it once chosen: a period that an existing partition covers in part is not made.")
  String granularity;

  @Option(names = "--partitions-ahead", paramLabel = "N", defaultValue = "${env:LOGINETL_PARTITIONS_AHEAD:-2}",
      description = "Periods after the current one whose partitions are made ahead. Env LOGINETL_PARTITIONS_AHEAD;"
          + " default ${DEFAULT-VALUE}.")
  int ahead;

  /** The settings these options name. */
  public PartitionUpkeep.Settings settings() {
    try {
      return new PartitionUpkeep.Settings(PartitionGranularity.fromName(granularity), ahead);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }
}
