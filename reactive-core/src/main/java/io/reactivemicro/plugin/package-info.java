/** Settings and plugin lookup shared by every part of Reactive Micro. */
@NullMarked
package io.reactivemicro.plugin;

import org.jspecify.annotations.NullMarked;
