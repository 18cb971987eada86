/**
 * Not API: helpers of the transformation rules (how an {@code ip} literal is written canonically,
 * how an {@code app_version} is encoded into a number), public only so that the rules in {@link
 * dev.loginetl.core.transform} and the tests of other modules can use them. They may change without
 * notice.
 */
package dev.loginetl.core.transform.internal;
