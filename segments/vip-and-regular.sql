-- VIP and regular customers
SELECT *
FROM customer_view
WHERE rank IN ('VIP', 'regular')
ORDER BY postal_code, id;
