/** MessageSource over the AWS SDK for Java v2. */
package dev.loginetl.sqs;
