/** The embedded servers of the demo and the bench: ElasticMQ and PostgreSQL, started in-process. */
package dev.loginetl.lab.embedded;
