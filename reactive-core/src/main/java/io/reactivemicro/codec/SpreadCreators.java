package io.reactivemicro.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Calls a constructor that takes the properties (a record's canonical constructor, a {@code @JsonCreator}
 * constructor) through a method handle spread once per type. Jackson 3.3 calls it with {@code
 * MethodHandle.invokeWithArguments}, which builds a spreader, its method types and boxed arguments on every
 * call: about 160 bytes per decoded record, and reflection work per call. Where the handle cannot be made (a
 * constructor Jackson may not reach by reflection either), Jackson's own instantiator stays.
 */
final class SpreadCreators extends JacksonModule {

    static final SpreadCreators INSTANCE = new SpreadCreators();

    private SpreadCreators() {}

    @Override
    public String getModuleName() {
        return "reactive-micro-spread-creators";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(
                    DeserializationConfig config,
                    BeanDescription.Supplier beanDescRef,
                    ValueInstantiator defaultInstantiator) {
                return spread(defaultInstantiator);
            }
        });
    }

    /** {@code instantiator} with its properties constructor spread, or {@code instantiator} itself. */
    private static ValueInstantiator spread(ValueInstantiator instantiator) {
        // only Jackson's own instantiator: a subclass (or another module's) may create values differently
        if (instantiator.getClass() != StdValueInstantiator.class) {
            return instantiator;
        }
        StdValueInstantiator std = (StdValueInstantiator) instantiator;
        if (!std.canCreateFromObjectWith() || !(std.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
            return instantiator;
        }
        MethodHandle handle = spreadHandle(creator.getAnnotated());
        return handle == null ? instantiator : new Spread(std, handle);
    }

    private static @Nullable MethodHandle spreadHandle(Constructor<?> constructor) {
        try {
            return MethodHandles.lookup()
                    .unreflectConstructor(constructor)
                    .asSpreader(Object[].class, constructor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static final class Spread extends StdValueInstantiator {
        private final MethodHandle creator;

        Spread(StdValueInstantiator src, MethodHandle creator) {
            super(src);
            this.creator = creator;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            try {
                return creator.invokeExact(args);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                return ctxt.handleInstantiationProblem(_valueClass, args, rewrapCtorProblem(ctxt, e));
            }
        }
    }
}
