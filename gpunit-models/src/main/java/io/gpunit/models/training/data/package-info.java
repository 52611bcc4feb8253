/**
 * Unpaired two-domain batches for the translators: two image folders or two classes of the
 * synthetic prior.
 */
package io.gpunit.models.training.data;
