package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnakeCaseTest {

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "Add to Cart|add_to_cart",
        "Order Completed|order_completed",
        "  Signed   Up!  |signed_up",
        "checkout-step.2|checkout_step_2",
        "already_snake|already_snake",
        "Café Olé|café_olé",
        "!!!|''",
        "A|a",
    })
    void snakeCases(String input, String expected) {
        assertEquals(expected, SnakeCase.of(input));
    }
}
