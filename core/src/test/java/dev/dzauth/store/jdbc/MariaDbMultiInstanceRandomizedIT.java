package dev.dzauth.store.jdbc;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;

/** The randomized multi-instance run on MariaDB (no doorbell: the poll interval is the bound). */
@RequiresDatabase(Databases.Server.MARIADB)
final class MariaDbMultiInstanceRandomizedIT extends MultiInstanceRandomizedContract {

  @Override
  ScratchDatabase openDatabase() {
    return Databases.mariaDb();
  }

  @Override
  String server() {
    return "MariaDB";
  }
}
