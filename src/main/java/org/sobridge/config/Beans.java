package org.sobridge.config;

import org.apache.camel.spi.Registry;

/** Registry binding by type: a bean's name is its class's simple name with a lower-case first letter. */
public final class Beans {

    private Beans() {
    }

    /** Binds the bean under its type's name and returns it. */
    public static <T> T bind(Registry registry, T bean) {
        registry.bind(nameOf(bean.getClass()), bean);
        return bean;
    }

    public static String nameOf(Class<?> type) {
        String simple = type.getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** The one bean of this type that {@link #bind} bound (by a wiring class that ran before). */
    public static <T> T lookup(Registry registry, Class<T> type) {
        T bean = registry.lookupByNameAndType(nameOf(type), type);
        if (bean == null) {
            throw new IllegalStateException("no " + nameOf(type) + " in the registry");
        }
        return bean;
    }
}
