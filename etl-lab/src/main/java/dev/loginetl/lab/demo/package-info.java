/** What {@code loginetl demo} needs beside the runner, such as its synthetic GeoIP database. */
package dev.loginetl.lab.demo;
