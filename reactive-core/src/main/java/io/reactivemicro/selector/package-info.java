/** Node selection strategies. */
@NullMarked
package io.reactivemicro.selector;

import org.jspecify.annotations.NullMarked;
