-- every customer
SELECT *
FROM customer_view
ORDER BY postal_code, id;
