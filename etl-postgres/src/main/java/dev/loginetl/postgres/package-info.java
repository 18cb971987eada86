/** LoginSink over JDBI 3 and pgjdbc, with schema migrations. */
package dev.loginetl.postgres;
