/** Message codecs: JSON (default) and raw bytes, chosen by content type. */
@NullMarked
package io.reactivemicro.codec;

import org.jspecify.annotations.NullMarked;
