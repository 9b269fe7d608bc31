package io.askflow.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Describes the JSON records of the API as Jackson writes and reads them. swagger-core resolves models with
 * a Jackson 2 mapper of its own, which knows nothing of the gateway's Jackson 3 settings, so this one is told
 * the same naming ({@code spring.jackson.property-naming-strategy: SNAKE_CASE}). On top of swagger's model:
 *
 * <ul>
 *   <li>every record component is required, as the gateway writes every member, nulls included
 *       ({@code default-property-inclusion: always}) and reads request records whole; a component with its own
 *       {@code @JsonInclude} may be absent and is not;
 *   <li>a component whose type is {@code @Nullable} may be {@code null}: {@code "type": [..., "null"]}, or
 *       {@code anyOf} a reference and {@code null} for a record, since a sibling of {@code $ref} would not allow
 *       the null.
 * </ul>
 *
 * Runs right before swagger's default resolver ({@link Ordered#HIGHEST_PRECEDENCE} puts it last among the
 * converters springdoc registers, which are asked first) and answers for every model in its place.
 */
class WireModelResolver extends ModelResolver implements Ordered {

    private static final PropertyNamingStrategies.NamingBase NAMING =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    WireModelResolver() {
        super(Json31.mapper().copy().setPropertyNamingStrategy(NAMING));
        openapi31(true);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Schema resolve(AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
        Schema<?> schema = super.resolve(annotatedType, context, next);
        Class<?> type = _mapper.constructType(annotatedType.getType()).getRawClass();
        if (schema == null || !type.isRecord()) {
            return schema;
        }
        Schema<?> model = schema.get$ref() == null
                ? schema
                : context.getDefinedModels()
                        .get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        if (model != null && model.getProperties() != null) {
            describeComponents(model, type);
        }
        return schema;
    }

    private static void describeComponents(Schema<?> model, Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = NAMING.translate(component.getName());
            Schema<?> property = model.getProperties().get(name);
            if (property == null) {
                continue;
            }
            // @JsonInclude does not target record components; it lands on the accessor, where Jackson reads it
            if (!component.getAccessor().isAnnotationPresent(JsonInclude.class)
                    && (model.getRequired() == null || !model.getRequired().contains(name))) {
                model.addRequiredItem(name);
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                model.getProperties().put(name, nullable(property));
            }
        }
    }

    /** Idempotent: swagger hands out a model it has resolved before, and this sees it again. */
    private static Schema<?> nullable(Schema<?> property) {
        if (property.getAnyOf() != null
                || (property.getTypes() != null && property.getTypes().contains("null"))) {
            return property;
        }
        if (property.get$ref() != null) {
            return new Schema<>()
                    .anyOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of("null"))))
                    .description(property.getDescription());
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        types.add("null");
        property.setTypes(types);
        return property;
    }
}
