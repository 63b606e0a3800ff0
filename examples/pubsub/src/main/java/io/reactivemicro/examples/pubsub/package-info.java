/** The pub/sub example: a shop, a fulfilment queue group and a broadcast auditor. */
@NullMarked
package io.reactivemicro.examples.pubsub;

import org.jspecify.annotations.NullMarked;
